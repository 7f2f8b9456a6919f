import { IteratorKind, type PyDict, PyObject, type Runtime, type Visitor } from '@memkit/runtime';
import type { Vm } from './vm';

export type DictViewKind = 'keys' | 'values' | 'items';

/** `dict.keys()` / `values()` / `items()`: a 40-byte view holding its dict. */
export class DictView extends PyObject {
  dict: PyDict | null;
  readonly kind: DictViewKind;

  constructor(type: PyObject['type'], dict: PyDict, kind: DictViewKind) {
    super(type);
    this.dict = dict;
    this.kind = kind;
  }

  sizeof(): number {
    return this.type.basicsize;
  }

  /** `iter(view)`: the dict's iterator of the matching kind (a new reference). */
  iterator(vm: Vm): PyObject {
    const kind =
      this.kind === 'keys'
        ? IteratorKind.dictKeys
        : this.kind === 'values'
          ? IteratorKind.dictValues
          : IteratorKind.dictItems;
    return vm.runtime.newDictIterator(this.dict as PyDict, kind);
  }

  override traverse(visit: Visitor): void {
    if (this.dict !== null) visit(this.dict);
  }

  dealloc(runtime: Runtime): void {
    const dict = this.dict;
    this.dict = null;
    if (dict !== null) runtime.decref(dict);
    runtime.freeObject(this);
  }
}

export function newDictView(vm: Vm, dict: PyDict, kind: DictViewKind): DictView {
  const types = vm.types;
  const type = kind === 'keys' ? types.dictKeys : kind === 'values' ? types.dictValues : types.dictItems;
  return vm.runtime.adopt(new DictView(type, vm.runtime.share(dict), kind));
}
