import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';

/**
 * Each `fixtures/<group>/NAME.py` is a script; `NAME.expected` is `python3 NAME.py`'s stderr
 * and `NAME.stdout` its stdout (CPython 3.11.7). Addresses are masked. `tracebacks/` scripts
 * fail (position carets, messages); `generators/` exercise yield expressions, send, throw, close; `classes/` collections types,
 * builtin subclasses, `__new__` and `type(name, bases, dict)` (sizes and refcounts included);
 * `reliability/` the nesting limits the reliability fuzzing found ignored; `gc/` what collections
 * untrack; `fidelity/` behaviour python3 shows that memkit once got wrong (streams, evaluation order,
 * subclass operators, refcounts of folded constants, the slice cache); `tutorials/` the scripts
 * memory tutorials show (container sizes, refcounts, weakrefs and finalizers, gc, lru_cache).
 */
const mask = (text: string) => text.replace(/0x[0-9a-f]+/g, '0x…');

describe.each(['tracebacks', 'generators', 'classes', 'reliability', 'gc', 'fidelity', 'tutorials'])(
  '%s scripts print what python3 prints',
  (group) => {
    const dir = join(__dirname, 'fixtures', group);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.py'))) {
      const name = file.slice(0, -3);
      it(name, () => {
        let stdout = '';
        let stderr = '';
        const interpreter = new Interpreter({
          stdout: (text) => {
            stdout += text;
          },
          stderr: (text) => {
            stderr += text;
          },
        });
        interpreter.run(readFileSync(join(dir, file), 'utf8'), file);
        expect(mask(stderr)).toBe(mask(readFileSync(join(dir, `${name}.expected`), 'utf8')));
        expect(mask(stdout)).toBe(mask(readFileSync(join(dir, `${name}.stdout`), 'utf8')));
        // The nesting scripts build 200 000-deep structures: seconds on a loaded 2-core machine.
      }, 30_000);
    }
  },
);
