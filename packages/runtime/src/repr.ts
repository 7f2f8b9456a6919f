import type { PyObject } from './object';
import { PyBuiltinFunction } from './objects/builtin-function';
import { PyByteArray } from './objects/bytearray';
import { PyBytes } from './objects/bytes';
import { PyCapsule } from './objects/capsule';
import { PyCell } from './objects/cell';
import { PyCode } from './objects/code';
import { PyBaseException } from './objects/exception';
import { PyFloat } from './objects/float';
import { PyFrame } from './objects/frame';
import { PyFunction } from './objects/function';
import { PyFunctionWrapper } from './objects/function-wrapper';
import { PyGenerator } from './objects/generator';
import { PyInt } from './objects/int';
import { PyMethod } from './objects/method';
import { PyModule } from './objects/module';
import { PySlice } from './objects/slice';
import { PyStr } from './objects/str';
import { PyTuple } from './objects/tuple';

/**
 * Characters `str.isprintable()` rejects (`Py_UNICODE_ISPRINTABLE`): controls, format characters,
 * surrogates, private use, unassigned, and separators other than the space. JavaScript's Unicode
 * tables are Node's (15.0 in Node 20) where CPython 3.11 has 14.0: the few characters assigned in
 * 15.0 count as printable here and are escaped by python3.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/**
 * `repr()` of a str (`unicode_repr`): single quotes unless the text has one and no double quote;
 * non-printable characters escaped as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`. Escaping them keeps raw
 * controls, bidi overrides and lone surrogates out of tracebacks and of objgraph's labels.
 */
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
    else if (code < 0x7f || ch === ' ' || !NON_PRINTABLE.test(ch)) out += ch;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

/** `repr()` of a float, as CPython's shortest round-trip form. */
export function reprFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  // The shortest round-tripping digits (JS finds the same ones), laid out as float_repr_style
  // 'r' does: fixed notation for decimal exponents in [-4, 16), else 'd.ddde+XX'. JS's own
  // String() switches at other exponents (1e16 printed all its digits, 1.5e-05 as 0.000015).
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const power = `e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
    return sign + mantissa + power;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
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
  if (obj instanceof PyBytes) return reprBytes(obj.value, false);
  if (obj instanceof PyByteArray) return `bytearray(${reprBytes(obj.data.subarray(0, obj.size), true)})`;
  if (obj.type.name === 'NoneType') return 'None';
  const code = reprCodeShaped(obj);
  if (code !== null) return code;
  return defaultRepr(obj);
}

/**
 * `bytes_repr` (`PyBytes_Repr` with smart quotes): double quotes when the bytes hold a single
 * quote and no double quote. `bytearray_repr` picks its quotes the same way but escapes every
 * single quote, even inside double quotes (`bytearray(b"x\'y")`).
 */
function reprBytes(bytes: Uint8Array, bytearray: boolean): string {
  const quote = bytes.includes(0x27) && !bytes.includes(0x22) ? '"' : "'";
  let body = '';
  for (const byte of bytes) {
    const c = String.fromCharCode(byte);
    if (c === quote || byte === 0x5c || (bytearray && byte === 0x27)) body += `\\${c}`;
    else if (byte === 0x09) body += '\\t';
    else if (byte === 0x0a) body += '\\n';
    else if (byte === 0x0d) body += '\\r';
    else if (byte >= 0x20 && byte < 0x7f) body += c;
    else body += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `b${quote}${body}${quote}`;
}

/** `object.__repr__`: `<module.Type object at 0x…>`. */
function defaultRepr(obj: PyObject): string {
  const prefix = obj.type.module === 'builtins' ? '' : `${obj.type.module}.`;
  return `<${prefix}${obj.type.name} object at ${hexId(obj)}>`;
}

/** `%p` of an object, as CPython's reprs print it. */
function hexId(obj: PyObject): string {
  return `0x${obj.id.toString(16).padStart(12, '0')}`;
}

/** CPython's reprs of functions, cells, modules, methods, slices, code, frames and exceptions. */
function reprCodeShaped(obj: PyObject): string | null {
  if (obj instanceof PyFunction) return `<function ${obj.qualname.value} at ${hexId(obj)}>`;
  if (obj instanceof PyCell) {
    const contents = obj.contents;
    const what = contents === null ? 'empty' : `${contents.type.name} object at ${hexId(contents)}`;
    return `<cell at ${hexId(obj)}: ${what}>`;
  }
  if (obj instanceof PyModule) return `<module ${reprStr(obj.nameValue)}>`;
  if (obj instanceof PyCapsule) {
    const name = obj.name === null ? 'NULL' : `"${obj.name}"`;
    return `<capsule object ${name} at ${hexId(obj)}>`;
  }
  if (obj instanceof PyMethod) {
    const name = obj.func instanceof PyFunction ? obj.func.qualname.value : '?';
    return `<bound method ${name} of ${reprObject(obj.self)}>`;
  }
  if (obj instanceof PyBuiltinFunction) {
    if (!obj.isBoundMethod) return `<built-in function ${obj.name}>`;
    const self = obj.self as PyObject;
    return `<built-in method ${obj.name} of ${self.type.name} object at ${hexId(self)}>`;
  }
  if (obj instanceof PySlice) {
    return `slice(${reprObject(obj.start)}, ${reprObject(obj.stop)}, ${reprObject(obj.step)})`;
  }
  if (obj instanceof PyFunctionWrapper) {
    return obj.callable === null ? defaultRepr(obj) : `<${obj.type.name}(${reprObject(obj.callable)})>`;
  }
  if (obj instanceof PyCode) {
    const file = obj.filename?.value ?? '???';
    return `<code object ${obj.name?.value ?? ''} at ${hexId(obj)}, file "${file}", line ${obj.firstlineno}>`;
  }
  if (obj instanceof PyFrame) {
    const code = obj.frame.code;
    const file = reprStr(code?.filename?.value ?? '');
    return `<frame at ${hexId(obj)}, file ${file}, line ${obj.lineno}, code ${code?.name?.value ?? ''}>`;
  }
  if (obj instanceof PyGenerator) return `<generator object ${obj.qualname?.value ?? ''} at ${hexId(obj)}>`;
  if (obj instanceof PyBaseException) {
    const args = obj.args?.items ?? [];
    const body = args.length === 1 ? reprObject(args[0]) : args.map(reprObject).join(', ');
    return `${obj.type.name}(${body})`;
  }
  return null;
}
