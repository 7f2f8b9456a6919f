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
export { type FreeListCounts, FreeLists } from './free-lists';
export type { CollectionResult, GenerationStats } from './gc/collector';
export { Collector, GcDebug } from './gc/collector';
export { GcList } from './gc/gc-list';
export { GcState } from './gc/gc-state';
export type { HeapView } from './heap-view';
export { RuntimeHeapView } from './heap-view';
export { DEFAULT_DOMAIN, MAX_BLOCK_SIZE, Memory } from './memory';
export { gcModule } from './modules/gc-module';
export { ModuleRegistry } from './modules/module-registry';
export type { ModuleDefinition, NativeFunction, NativeFunctionSpec } from './modules/native-module';
export { asCInt, expectNoArgs, expectOneArg, parseOptionalArgs } from './modules/native-module';
export { sysModule } from './modules/sys-module';
export { weakrefModule } from './modules/weakref-module';
export type { GcLink, Visitor } from './object';
export { ObjectFlags, PyObject } from './object';
export { PyBuiltinFunction } from './objects/builtin-function';
export { PyByteArray } from './objects/bytearray';
export { PyBytes } from './objects/bytes';
export type { WrappedAttribute } from './objects/callable-attributes';
export { callableAttribute, WRAPPED_ATTRIBUTES } from './objects/callable-attributes';
export { PyCapsule } from './objects/capsule';
export { PyCell } from './objects/cell';
export type { CodeSpec } from './objects/code';
export {
  CodeFlags,
  codeExtraSize,
  codeObjectSize,
  defaultLocalKinds,
  LocalKind,
  PyCode,
} from './objects/code';
export { PyComplex } from './objects/complex';
export { PyDescriptor } from './objects/descriptor';
export { newInstanceDict, PyDict, typeLookupEpoch } from './objects/dict';
export { estimatedLog2Keysize, keysObjectSize, log2KeysizeFor } from './objects/dict-keys';
export { exceptionFieldNames, PyBaseException } from './objects/exception';
export { PyFloat, PyFloatSubclassInstance } from './objects/float';
export { frameObjectSize, PyFrame } from './objects/frame';
export type { FunctionOptions } from './objects/function';
export { PyFunction } from './objects/function';
export { PyFunctionWrapper } from './objects/function-wrapper';
export { GeneratorState, PyGenerator } from './objects/generator';
export type { HashValue } from './objects/hashing';
export { hashObject, keysEqual } from './objects/hashing';
export { PyInstance } from './objects/instance';
export { valuesArraySize } from './objects/instance-values';
export type { IntValue } from './objects/int';
export { bitLength, digitCount, intAllocSize, PyInt, PyIntSubclassInstance } from './objects/int';
export { FrameOwner, InterpreterFrame } from './objects/interpreter-frame';
export type { IteratorKindValue } from './objects/iterator';
export { IteratorKind, PyIterator } from './objects/iterator';
export { PyList } from './objects/list';
export { exactCapacity, resizedCapacity } from './objects/list-growth';
export { PyMethod } from './objects/method';
export { PyModule } from './objects/module';
export { PySingleton } from './objects/none';
export { isOrderedDictType, registerOrderedDictType } from './objects/odict-nodes';
export { PyProperty } from './objects/property';
export { PyRange } from './objects/range';
export type { RepeatableSequence } from './objects/sequence-repeat';
export { newZeroBytes, repeatSequence } from './objects/sequence-repeat';
export { PySet, PySetSubclassInstance } from './objects/set';
export { SharedKeys } from './objects/shared-keys';
export { PySlice } from './objects/slice';
export type { StrKind } from './objects/str';
export { PyStr, PyStrSubclassInstance } from './objects/str';
export { PyTraceback } from './objects/traceback';
export { PyTuple } from './objects/tuple';
export type { CallSlot, Finalizer, TypeSpec } from './objects/type';
export { PyType, TypeFlags } from './objects/type';
export { PyWeakref } from './objects/weakref';
export { toPythonOSError } from './os-error';
export { reprFloat, reprObject, reprStr } from './repr';
export type { ClassOptions, RuntimeOptions } from './runtime';
export { Runtime } from './runtime';
export type { Frame, FrameSource } from './traceback';
export { TypeScriptFrames } from './traceback';
export { WeakrefLists } from './weakref-lists';
