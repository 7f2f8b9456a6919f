import { type PyObject, PythonError } from '@memkit/runtime';
import { getAttribute } from './attributes';
import { formatValue } from './format';
import { keyError } from './raise';
import { getSubscript } from './subscripts';
import { asciiRepr, repr, str } from './text';
import type { Vm } from './vm';

/** A parsed replacement field `{name!conversion:spec}`. */
interface Field {
  readonly name: string;
  readonly conversion: string | null;
  readonly spec: string;
}

/**
 * `str.format(*args, **kwargs)` as `string.Formatter`/`unicode_format.h` do it: literal text
 * with `{{`/`}}` escapes, fields numbered automatically or by position or keyword, `.attr` and
 * `[key]` lookups, `!r`/`!s`/`!a`, and a format spec that may itself contain fields.
 */
export function formatString(
  vm: Vm,
  template: string,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
): string {
  const numbering = { next: 0, mode: null as 'auto' | 'manual' | null };
  return render(vm, template, args, kwargs, numbering, 2);
}

function render(
  vm: Vm,
  template: string,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
  numbering: { next: number; mode: 'auto' | 'manual' | null },
  depth: number,
): string {
  if (depth < 0) throw new PythonError('ValueError', 'Max string recursion exceeded');
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '}') {
      if (template[i + 1] !== '}')
        throw new PythonError('ValueError', "Single '}' encountered in format string");
      out += '}';
      i += 2;
      continue;
    }
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    if (template[i + 1] === '{') {
      out += '{';
      i += 2;
      continue;
    }
    // Find the matching '}' (a spec may nest one level of braces).
    let level = 1;
    let j = i + 1;
    for (; j < template.length && level > 0; j++) {
      if (template[j] === '{') level++;
      else if (template[j] === '}') level--;
    }
    if (level > 0) {
      throw new PythonError(
        'ValueError',
        j >= template.length && template.indexOf('}', i) < 0
          ? "Single '{' encountered in format string"
          : "expected '}' before end of string",
      );
    }
    const field = parseField(template.slice(i + 1, j - 1));
    const value = lookup(vm, field.name, args, kwargs, numbering);
    try {
      const converted = convert(vm, value, field.conversion);
      const spec = field.spec.includes('{')
        ? render(vm, field.spec, args, kwargs, numbering, depth - 1)
        : field.spec;
      try {
        out += formatValue(vm, converted, spec);
      } finally {
        vm.runtime.decref(converted);
      }
    } finally {
      vm.runtime.decref(value);
    }
    i = j;
  }
  return out;
}

function parseField(text: string): Field {
  // The name ends at the first '!' or ':' outside brackets.
  let end = 0;
  let bracket = false;
  for (; end < text.length; end++) {
    const c = text[end];
    if (c === '[') bracket = true;
    else if (c === ']') bracket = false;
    else if (!bracket && (c === '!' || c === ':')) break;
  }
  const name = text.slice(0, end);
  let rest = text.slice(end);
  let conversion: string | null = null;
  if (rest.startsWith('!')) {
    conversion = rest[1] ?? '';
    rest = rest.slice(2);
    if (rest !== '' && !rest.startsWith(':'))
      throw new PythonError('ValueError', "expected ':' after conversion specifier");
    if (conversion === '' || conversion === ':')
      throw new PythonError('ValueError', 'end of string while looking for conversion specifier');
  }
  return { name, conversion, spec: rest.startsWith(':') ? rest.slice(1) : '' };
}

/** The object a field names: an argument, then each `.attr` and `[key]` applied in turn. */
function lookup(
  vm: Vm,
  name: string,
  args: readonly PyObject[],
  kwargs: ReadonlyMap<string, PyObject> | null,
  numbering: { next: number; mode: 'auto' | 'manual' | null },
): PyObject {
  const rt = vm.runtime;
  const first = /^[^.[]*/.exec(name)?.[0] ?? '';
  let value: PyObject;
  if (first === '' || /^\d+$/.test(first)) {
    let index: number;
    if (first === '') {
      if (numbering.mode === 'manual')
        throw new PythonError(
          'ValueError',
          'cannot switch from manual field specification to automatic field numbering',
        );
      numbering.mode = 'auto';
      index = numbering.next++;
    } else {
      if (numbering.mode === 'auto')
        throw new PythonError(
          'ValueError',
          'cannot switch from automatic field numbering to manual field specification',
        );
      numbering.mode = 'manual';
      index = Number(first);
    }
    if (index >= args.length)
      throw new PythonError(
        'IndexError',
        `Replacement index ${index} out of range for positional args tuple`,
      );
    value = rt.share(args[index]);
  } else {
    const found = kwargs?.get(first);
    if (found === undefined) {
      const key = rt.newStr(first);
      try {
        throw keyError(rt, key);
      } finally {
        rt.decref(key);
      }
    }
    value = rt.share(found);
  }
  let rest = name.slice(first.length);
  while (rest !== '') {
    const attr = /^\.([^.[]+)/.exec(rest);
    const item = /^\[([^\]]+)\]/.exec(rest);
    let next: PyObject;
    if (attr !== null) {
      next = getAttribute(vm, value, attr[1]);
      rest = rest.slice(attr[0].length);
    } else if (item !== null) {
      const key = /^\d+$/.test(item[1]) ? rt.newInt(Number(item[1])) : rt.newStr(item[1]);
      try {
        next = getSubscript(vm, value, key);
      } finally {
        rt.decref(key);
      }
      rest = rest.slice(item[0].length);
    } else {
      rt.decref(value);
      throw new PythonError('ValueError', "Only '.' or '[' may follow ']' in format field specifier");
    }
    rt.decref(value);
    value = next;
  }
  return value;
}

function convert(vm: Vm, value: PyObject, conversion: string | null): PyObject {
  const rt = vm.runtime;
  switch (conversion) {
    case null:
      return rt.share(value);
    case 'r':
      return rt.newStr(repr(vm, value));
    case 's':
      return rt.newStr(str(vm, value));
    case 'a':
      return rt.newStr(asciiRepr(vm, value));
    default:
      throw new PythonError('ValueError', `Unknown conversion specifier ${conversion}`);
  }
}
