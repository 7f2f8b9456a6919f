import { CPYTHON_311 } from '../cpython-311';
import type { PyObject, Visitor } from '../object';
import type { Runtime } from '../runtime';
import type { DictKeys } from './dict-keys';
import type { PyType } from './type';

/** `sizeof(_ODictNode)`: key, hash, next, prev. */
export const ODICT_NODE_SIZE = 32;

/** The classes whose instances are C OrderedDicts (`collections.OrderedDict`), subclasses found by MRO. */
const orderedDictTypes = new WeakSet<PyType>();
const subtypeCache = new WeakMap<PyType, boolean>();

/** Marks `type` as `collections.OrderedDict`: its instances (and its subclasses') keep nodes. */
export function registerOrderedDictType(type: PyType): void {
  orderedDictTypes.add(type);
}

/** The `collections.OrderedDict` class itself (a C type in CPython: its instances hold no class reference). */
export function isOrderedDictBase(type: PyType): boolean {
  return orderedDictTypes.has(type);
}

/** `PyODict_Check`. */
export function isOrderedDictType(type: PyType): boolean {
  let known = subtypeCache.get(type);
  if (known === undefined) {
    known = false;
    for (const t of type.mro?.items ?? []) if (orderedDictTypes.has(t as PyType)) known = true;
    subtypeCache.set(type, known);
  }
  return known;
}

/**
 * What a C OrderedDict keeps besides its dict (Objects/odictobject.c): one 32-byte node per key,
 * holding a reference to the key, and `od_fast_nodes`, an array of `dk_size` node pointers that
 * mirrors the dict's hash table. The array is remade (new block, then the old one freed) the
 * first time a node is looked up after the dict's keys object changed — `_odict_get_index`
 * comparing `od_resize_sentinel` — which every add and remove does.
 *
 * The iteration order is the dict's own entry order: `move_to_end` permutes the entries in
 * place instead of relinking nodes, which allocates nothing, as relinking does not.
 */
export class OrderedDictNodes {
  /** Node block of each key, in insertion order of the nodes. */
  private readonly nodes = new Map<PyObject, number>();
  private fastNodesAddress = 0;
  private fastNodesSize = 0;
  private sentinel: DictKeys | null = null;

  /** `__sizeof__`'s additions: the fast-nodes array and, unless empty, the nodes. */
  get byteSize(): number {
    return CPYTHON_311.pointerSize * this.fastNodesSize + ODICT_NODE_SIZE * this.nodes.size;
  }

  /** `_odict_get_index`'s resize check against the dict's current keys. */
  private sync(runtime: Runtime, keys: DictKeys | null): void {
    if (keys === null) return;
    const size = 2 ** keys.log2size;
    if (this.sentinel === keys && this.fastNodesSize === size) return;
    const address = runtime.memory.malloc(CPYTHON_311.pointerSize * size);
    if (this.fastNodesAddress !== 0) runtime.memory.free(this.fastNodesAddress);
    this.fastNodesAddress = address;
    this.fastNodesSize = size;
    this.sentinel = keys;
  }

  /** `_odict_add_new_node`, after the dict stored a new key (borrowed; the node takes a reference). */
  added(runtime: Runtime, keys: DictKeys | null, key: PyObject): void {
    this.sync(runtime, keys);
    runtime.incref(key);
    this.nodes.set(key, runtime.memory.malloc(ODICT_NODE_SIZE));
  }

  /** `_odict_clear_node`, before the dict deletes `key` (the stored key object). */
  removed(runtime: Runtime, keys: DictKeys | null, key: PyObject): void {
    const node = this.nodes.get(key);
    if (node === undefined) return;
    this.sync(runtime, keys);
    this.nodes.delete(key);
    runtime.decref(key);
    runtime.memory.free(node);
  }

  /** `_odict_clear_nodes`: the fast-nodes array, then each node first to last. */
  clear(runtime: Runtime): void {
    if (this.fastNodesAddress !== 0) runtime.memory.free(this.fastNodesAddress);
    this.fastNodesAddress = 0;
    this.fastNodesSize = 0;
    this.sentinel = null;
    const nodes = [...this.nodes];
    this.nodes.clear();
    for (const [key, node] of nodes) {
      runtime.decref(key);
      runtime.memory.free(node);
    }
  }

  /** `odict_traverse`'s node keys. */
  traverse(visit: Visitor, order: Iterable<PyObject>): void {
    for (const key of order) if (this.nodes.has(key)) visit(key);
  }
}
