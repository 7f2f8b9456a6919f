import type { PyObject } from './object';
import { PyBytes } from './objects/bytes';
import { PyFloat } from './objects/float';
import { PyInt } from './objects/int';
import { PyStr } from './objects/str';
import { PyTuple } from './objects/tuple';

/** `repr()` of a str: single quotes unless the text has one and no double quote. */
export function reprStr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

/** `repr()` of a float, as CPython's shortest round-trip form. */
export function reprFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value.toFixed(0)}.0`;
  const text = String(value);
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

/**
 * `repr()` of the builtin value types, for the runtime's own messages (`KeyError: 'k'`); other
 * objects get CPython's default `<module.Type object at 0x…>`. The interpreter, which can call
 * `__repr__`, has the complete version.
 */
export function reprObject(obj: PyObject): string {
  if (obj instanceof PyStr) return reprStr(obj.value);
  if (obj instanceof PyInt) {
    if (obj.type.name === 'bool') return obj.value === 0 ? 'False' : 'True';
    return String(obj.value);
  }
  if (obj instanceof PyFloat) return reprFloat(obj.value);
  if (obj instanceof PyTuple) {
    const items = obj.items.map(reprObject);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (obj instanceof PyBytes) {
    let body = '';
    for (const byte of obj.value) {
      if (byte === 0x27 || byte === 0x5c) body += `\\${String.fromCharCode(byte)}`;
      else if (byte >= 0x20 && byte < 0x7f) body += String.fromCharCode(byte);
      else body += `\\x${byte.toString(16).padStart(2, '0')}`;
    }
    return `b'${body}'`;
  }
  if (obj.type.name === 'NoneType') return 'None';
  const prefix = obj.type.module === 'builtins' ? '' : `${obj.type.module}.`;
  return `<${prefix}${obj.type.name} object at 0x${obj.id.toString(16).padStart(12, '0')}>`;
}
