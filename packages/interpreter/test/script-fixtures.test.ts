import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../src/interpreter';

/**
 * Each `fixtures/tracebacks/NAME.py` fails; `NAME.expected` is `python3 NAME.py`'s stderr and
 * `NAME.stdout` its stdout (CPython 3.11.7), position carets included. Addresses are masked.
 */
const dir = join(__dirname, 'fixtures', 'tracebacks');
const mask = (text: string) => text.replace(/0x[0-9a-f]+/g, '0x…');

describe('uncaught exceptions print as CPython 3.11 does', () => {
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
    });
  }
});
