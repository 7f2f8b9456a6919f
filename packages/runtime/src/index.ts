export * from './allocator/index';
export type { BuiltinTypes } from './builtin-types';
export { CPYTHON_311 } from './cpython-311';
export { formatDebugMallocStats } from './debug-malloc-stats';
export { Handle } from './embedding/handle';
export type { Value } from './embedding/scope';
export { Scope, withScope } from './embedding/scope';
export { MemkitError, PythonError, RefcountUnderflowError, UseAfterFreeError } from './errors';
export type {
  ExecutionListener,
  GcListener,
  MemoryListener,
  MemorySubscriptionOptions,
  Unsubscribe,
} from './events';
export { EventHub } from './events';
export { FreeLists } from './free-lists';
export { GcList } from './gc/gc-list';
export { GcState } from './gc/gc-state';
export type { HeapView } from './heap-view';
export { RuntimeHeapView } from './heap-view';
export { DEFAULT_DOMAIN, Memory } from './memory';
export type { GcLink, Visitor } from './object';
export { ObjectFlags, PyObject } from './object';
export { PyByteArray } from './objects/bytearray';
export { PyBytes } from './objects/bytes';
export { PyComplex } from './objects/complex';
export { PyDescriptor } from './objects/descriptor';
export { PyDict } from './objects/dict';
export { estimatedLog2Keysize, keysObjectSize, log2KeysizeFor } from './objects/dict-keys';
export { PyFloat } from './objects/float';
export type { HashValue } from './objects/hashing';
export { hashObject, keysEqual } from './objects/hashing';
export { PyInstance } from './objects/instance';
export { valuesArraySize } from './objects/instance-values';
export type { IntValue } from './objects/int';
export { digitCount, intAllocSize, PyInt } from './objects/int';
export { PyList } from './objects/list';
export { exactCapacity, resizedCapacity } from './objects/list-growth';
export { PySingleton } from './objects/none';
export { PyRange } from './objects/range';
export { PySet } from './objects/set';
export { SharedKeys } from './objects/shared-keys';
export type { StrKind } from './objects/str';
export { PyStr } from './objects/str';
export { PyTuple } from './objects/tuple';
export type { Finalizer, TypeSpec } from './objects/type';
export { PyType, TypeFlags } from './objects/type';
export { reprFloat, reprObject, reprStr } from './repr';
export type { ClassOptions, RuntimeOptions } from './runtime';
export { Runtime } from './runtime';
export type { Frame, FrameSource } from './traceback';
export { TypeScriptFrames } from './traceback';
