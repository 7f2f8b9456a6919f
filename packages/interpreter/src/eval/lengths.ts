import {
  PyByteArray,
  PyBytes,
  PyDict,
  PyInt,
  PyList,
  type PyObject,
  type PyRange,
  PySet,
  PyStr,
  PyTuple,
  PythonError,
} from '@memkit/runtime';
import { DictView } from './dict-views';
import { callSpecial, lookupSpecial } from './special-methods';
import type { Vm } from './vm';

function toInt(value: PyObject): number | bigint {
  if (value instanceof PyInt) return value.value;
  throw new PythonError('TypeError', `'${value.type.name}' object cannot be interpreted as an integer`);
}

/** `len(obj)`. */
export function length(vm: Vm, obj: PyObject): number {
  if (obj instanceof PyList || obj instanceof PyTuple) return obj.items.length;
  if (obj instanceof PyStr) return obj.length;
  if (obj instanceof PyDict) return obj.used;
  if (obj instanceof PySet) return obj.table.used;
  if (obj instanceof PyBytes) return obj.value.length;
  if (obj instanceof PyByteArray) return obj.size;
  if (obj instanceof DictView) return (obj.dict as PyDict).used;
  if (obj.type === vm.runtime.types.range) return Number(((obj as PyRange).length as PyInt).value);
  if (obj.type.isHeapType && lookupSpecial(obj.type, '__len__') !== null) {
    const result = callSpecial(vm, obj, '__len__', []);
    try {
      return Number(toInt(result));
    } finally {
      vm.runtime.decref(result);
    }
  }
  throw new PythonError('TypeError', `object of type '${obj.type.name}' has no len()`);
}

/** `_PyObject_HasLen`: does the object's type define a length? */
export function hasLength(vm: Vm, obj: PyObject): boolean {
  if (obj instanceof PyList || obj instanceof PyTuple || obj instanceof PyStr || obj instanceof PyDict)
    return true;
  if (obj instanceof PySet || obj instanceof PyBytes || obj instanceof DictView) return true;
  if (obj.type === vm.runtime.types.range) return true;
  return obj.type.isHeapType && lookupSpecial(obj.type, '__len__') !== null;
}

/** `PyObject_LengthHint(obj, 8)`. */
export function lengthHint(vm: Vm, obj: PyObject): number {
  try {
    return length(vm, obj);
  } catch {
    return 8;
  }
}
