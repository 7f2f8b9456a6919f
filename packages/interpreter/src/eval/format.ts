import { PyFloat, PyInt, type PyObject, type PyStr, PythonError, reprFloat } from '@memkit/runtime';
import { callSpecial, lookupSpecial } from './special-methods';
import { str } from './text';
import type { Vm } from './vm';

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/;

/** `format(value, spec)`: the format-spec mini-language for ints, floats and strs. */
export function formatValue(vm: Vm, value: PyObject, spec: string): string {
  if (value.type.isHeapType && lookupSpecial(value.type, '__format__') !== null) {
    const result = callSpecial(vm, value, '__format__', [vm.runtime.newStr(spec)]);
    try {
      return (result as PyStr).value;
    } finally {
      vm.runtime.decref(result);
    }
  }
  if (spec === '') return str(vm, value);
  const m = SPEC.exec(spec);
  if (m === null)
    throw new PythonError(
      'ValueError',
      `Invalid format specifier '${spec}' for object of type '${value.type.name}'`,
    );
  const [, fillChar, alignChar, sign, , zero, widthText, grouping, precisionText, typeChar] = m;
  const width = widthText === undefined ? 0 : Number(widthText);
  const precision = precisionText === undefined ? null : Number(precisionText);
  let body: string;
  let numeric = true;
  if (
    value instanceof PyFloat ||
    (value instanceof PyInt && typeChar !== undefined && 'eEfFgG%'.includes(typeChar))
  ) {
    const x = value instanceof PyFloat ? value.value : Number((value as PyInt).value);
    body = formatFloat(x, typeChar, precision);
  } else if (value instanceof PyInt && value.type.name !== 'bool') {
    const x = BigInt(value.value);
    const base = typeChar === 'x' || typeChar === 'X' ? 16 : typeChar === 'o' ? 8 : typeChar === 'b' ? 2 : 10;
    body = (x < 0n ? -x : x).toString(base);
    if (typeChar === 'X') body = body.toUpperCase();
    if (x < 0n) body = `-${body}`;
  } else {
    numeric = false;
    body = str(vm, value);
    if (precision !== null) body = Array.from(body).slice(0, precision).join('');
  }
  if (numeric) {
    if (grouping !== undefined) body = group(body, grouping);
    if (sign === '+' && !body.startsWith('-')) body = `+${body}`;
    else if (sign === ' ' && !body.startsWith('-')) body = ` ${body}`;
  }
  const align = alignChar ?? (zero !== undefined && numeric ? '=' : numeric ? '>' : '<');
  const fill = fillChar ?? (zero !== undefined && alignChar === undefined ? '0' : ' ');
  const padding = Math.max(0, width - Array.from(body).length);
  if (padding === 0) return body;
  if (align === '<') return body + fill.repeat(padding);
  if (align === '>') return fill.repeat(padding) + body;
  if (align === '^')
    return fill.repeat(Math.floor(padding / 2)) + body + fill.repeat(padding - Math.floor(padding / 2));
  const signPart = /^[-+ ]/.test(body) ? body[0] : '';
  return signPart + fill.repeat(padding) + body.slice(signPart.length);
}

function formatFloat(x: number, type: string | undefined, precision: number | null): string {
  switch (type) {
    case 'f':
    case 'F':
      return x.toFixed(precision ?? 6);
    case 'e':
    case 'E': {
      const text = x.toExponential(precision ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      return type === 'E' ? text.toUpperCase() : text;
    }
    case '%':
      return `${(x * 100).toFixed(precision ?? 6)}%`;
    case 'g':
    case 'G':
      return String(Number(x.toPrecision(precision ?? 6)));
    default:
      return precision === null ? reprFloat(x) : String(Number(x.toPrecision(precision)));
  }
}

function group(body: string, separator: string): string {
  const negative = body.startsWith('-');
  const digits = negative ? body.slice(1) : body;
  const [whole, fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
  return (negative ? '-' : '') + grouped + (fraction === undefined ? '' : `.${fraction}`);
}
