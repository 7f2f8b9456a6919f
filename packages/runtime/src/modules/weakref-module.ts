/**
 * CPython 3.11's `_weakref` module (`Modules/_weakref.c`) and the call slots of its types:
 * `ref(obj[, callback])` creates, `r()` dereferences. The container classes of `weakref.py`
 * (WeakValueDictionary, WeakKeyDictionary, WeakSet, finalize) are Python code on top of these.
 */
import { PythonError } from '../errors';
import type { PyObject } from '../object';
import { hashObject, keysEqual } from '../objects/hashing';
import type { PyWeakref } from '../objects/weakref';
import type { Runtime } from '../runtime';
import { expectOneArg, type ModuleDefinition } from './native-module';

function unpack(name: string, args: readonly PyObject[], min: number, max: number): void {
  if (args.length < min) {
    const plural = min === 1 ? 'argument' : 'arguments';
    throw new PythonError('TypeError', `${name} expected at least ${min} ${plural}, got ${args.length}`);
  }
  if (args.length > max) {
    const plural = max === 1 ? 'argument' : 'arguments';
    throw new PythonError('TypeError', `${name} expected at most ${max} ${plural}, got ${args.length}`);
  }
}

function noKeywords(name: string, kwargs: ReadonlyMap<string, PyObject> | null): void {
  if (kwargs !== null && kwargs.size > 0) {
    throw new PythonError('TypeError', `${name}() takes no keyword arguments`);
  }
}

/** Gives `weakref.ref` its constructor and its instances their `r()` call. */
export function installWeakrefSlots(runtime: Runtime): void {
  const { weakref } = runtime.types;
  weakref.construct = (rt, _cls, args, kwargs) => {
    noKeywords('ref', kwargs);
    unpack('__new__', args, 1, 2);
    return rt.newWeakref(args[0], args[1] ?? null);
  };
  // weakref_hash / weakref_richcompare: by the referent while it lives, identity once dead.
  weakref.hash = (obj) => {
    const wr = obj as PyWeakref;
    if (wr.hashCache !== null) return wr.hashCache;
    const referent = wr.get();
    if (referent === null) throw new PythonError('TypeError', 'weak object has gone away');
    wr.hashCache = hashObject(referent);
    return wr.hashCache;
  };
  weakref.equals = (a, b) => {
    const x = (a as PyWeakref).get();
    const y = (b as PyWeakref).get();
    return x === null || y === null ? a === b : keysEqual(x, y);
  };
  weakref.call = (rt, callable, args, kwargs) => {
    noKeywords('weakref', kwargs);
    if (args.length > 0)
      throw new PythonError('TypeError', `weakref expected 0 arguments, got ${args.length}`);
    return rt.share((callable as PyWeakref).get() ?? rt.none);
  };
}

export const weakrefModule: ModuleDefinition = {
  name: '_weakref',
  doc: 'Weak-reference support module.',
  functions: {
    getweakrefcount: {
      fn: (rt, args, kwargs) =>
        rt.newInt(rt.weakrefs.of(expectOneArg('_weakref.getweakrefcount', args, kwargs)).length),
    },
    getweakrefs: {
      fn: (rt, args, kwargs) => {
        const obj = expectOneArg('_weakref.getweakrefs', args, kwargs);
        return rt.newList(rt.weakrefs.of(obj).map((wr) => rt.share(wr)));
      },
    },
    proxy: {
      varargs: true,
      fn: (rt, args, kwargs) => {
        noKeywords('proxy', kwargs);
        unpack('proxy', args, 1, 2);
        return rt.newWeakref(args[0], args[1] ?? null, true);
      },
    },
  },
  attributes: (rt) => ({
    ref: rt.share(rt.types.weakref),
    ReferenceType: rt.share(rt.types.weakref),
    ProxyType: rt.share(rt.types.weakproxy),
    CallableProxyType: rt.share(rt.types.weakcallableproxy),
  }),
};
