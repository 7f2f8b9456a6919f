import { PyByteArray, PyBytes, PyInt, type PyObject, PyStr, PythonError } from '@memkit/runtime';
import { getIterator, iterate } from './iteration';
import { callSpecial, lookupSpecial } from './special-methods';
import type { Vm } from './vm';

/** Codec names as `codecs.lookup` normalizes them, for the encodings memkit implements. */
const ENCODINGS: Record<string, 'utf-8' | 'ascii' | 'latin-1'> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  utf_8: 'utf-8',
  ascii: 'ascii',
  'us-ascii': 'ascii',
  'latin-1': 'latin-1',
  latin1: 'latin-1',
  latin_1: 'latin-1',
  'iso-8859-1': 'latin-1',
};

/**
 * `text.encode(encoding)` for utf-8, ascii and latin-1. Text those codecs cannot represent,
 * and other codecs, are refused by name rather than encoded wrongly (memkit has no
 * UnicodeEncodeError or codec registry).
 */
export function encodeText(text: string, encoding: PyObject | undefined): Uint8Array {
  const name = encoding === undefined ? 'utf-8' : encoding instanceof PyStr ? encoding.value : null;
  if (name === null)
    throw new PythonError(
      'TypeError',
      `encode() argument 'encoding' must be str, not ${encoding?.type.name}`,
    );
  const codec = ENCODINGS[name.toLowerCase()];
  if (codec === undefined) throw new PythonError('NotImplementedError', `memkit has no '${name}' codec`);
  if (codec === 'utf-8') return new TextEncoder().encode(text);
  const limit = codec === 'ascii' ? 0x80 : 0x100;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= limit)
      throw new PythonError(
        'NotImplementedError',
        `memkit cannot report a UnicodeEncodeError: '${codec}' cannot encode the character at position ${i}`,
      );
    out[i] = code;
  }
  return out;
}

/**
 * The bytes of `bytes(iterable)`/`bytearray(iterable)`: each item an int in range(256).
 * `noun` is 'bytes' or 'byte', as the two constructors word the range error.
 */
export function byteValues(vm: Vm, iterable: PyObject, noun: 'bytes' | 'byte'): Uint8Array {
  const out: number[] = [];
  for (const item of iterate(vm, iterable)) {
    const value = item instanceof PyInt ? BigInt(item.value) : null;
    vm.runtime.decref(item);
    if (value === null)
      throw new PythonError('TypeError', `'${item.type.name}' object cannot be interpreted as an integer`);
    if (value < 0n || value > 255n) throw new PythonError('ValueError', `${noun} must be in range(0, 256)`);
    out.push(Number(value));
  }
  return Uint8Array.from(out);
}

/**
 * `PyObject_Bytes`, as `int.from_bytes` reads its argument: a bytes-like object's bytes, what
 * `__bytes__` returns, or the ints of an iterable (each in range(256)). A str has no bytes
 * without an encoding.
 */
export function bytesOf(vm: Vm, source: PyObject): Uint8Array {
  const rt = vm.runtime;
  if (source instanceof PyBytes) return source.value;
  if (source instanceof PyByteArray) return source.bytes().slice();
  if (source.type.isHeapType && lookupSpecial(source.type, '__bytes__') !== null) {
    const result = callSpecial(vm, source, '__bytes__', []);
    try {
      if (!(result instanceof PyBytes))
        throw new PythonError('TypeError', `__bytes__ returned non-bytes (type ${result.type.name})`);
      return result.value.slice();
    } finally {
      rt.decref(result);
    }
  }
  const cannot = (name: string) => `cannot convert '${name}' object to bytes`;
  if (source instanceof PyStr) throw new PythonError('TypeError', cannot('str'));
  const iterator = getIterator(vm, source, cannot);
  try {
    return byteValues(vm, iterator, 'bytes');
  } finally {
    rt.decref(iterator);
  }
}
