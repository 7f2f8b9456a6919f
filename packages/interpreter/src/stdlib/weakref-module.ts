import { PyModule, PyType } from '@memkit/runtime';
import { findAttribute, setAttribute } from '../eval/attributes';
import type { Vm } from '../eval/vm';

/**
 * `weakref`, written in Python on top of the runtime's `_weakref` as CPython's `Lib/weakref.py`
 * is, so its containers allocate through the same machinery as any Python code. Simplified:
 * values are held by plain weakrefs with a closure callback (CPython uses `KeyedRef`).
 */
export const WEAKREF_SOURCE = `
from _weakref import ref, proxy, getweakrefcount, getweakrefs, ReferenceType, ProxyType, CallableProxyType
from itertools import count as _count

ProxyTypes = (ProxyType, CallableProxyType)


class WeakValueDictionary:
    def __init__(self, other=(), **kw):
        self.data = {}
        if other:
            self.update(other)
        if kw:
            self.update(kw)

    def __getitem__(self, key):
        o = self.data[key]()
        if o is None:
            raise KeyError(key)
        return o

    def __setitem__(self, key, value):
        selfref = ref(self)

        def remove(wr):
            owner = selfref()
            if owner is not None and owner.data.get(key) is wr:
                del owner.data[key]

        self.data[key] = ref(value, remove)

    def __delitem__(self, key):
        del self.data[key]

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        try:
            o = self.data[key]()
        except KeyError:
            return False
        return o is not None

    def get(self, key, default=None):
        try:
            wr = self.data[key]
        except KeyError:
            return default
        o = wr()
        if o is None:
            return default
        return o

    def pop(self, key, *args):
        o = self.data.pop(key)()
        if o is None:
            if args:
                return args[0]
            raise KeyError(key)
        return o

    def update(self, other=None, **kwargs):
        if other is not None:
            if hasattr(other, "items"):
                other = other.items()
            for key, o in other:
                self[key] = o
        for key, o in kwargs.items():
            self[key] = o

    def keys(self):
        for k, wr in list(self.data.items()):
            if wr() is not None:
                yield k

    __iter__ = keys

    def values(self):
        for wr in list(self.data.values()):
            obj = wr()
            if obj is not None:
                yield obj

    def items(self):
        for k, wr in list(self.data.items()):
            v = wr()
            if v is not None:
                yield k, v

    def __repr__(self):
        return "<WeakValueDictionary at %#x>" % id(self)


class WeakKeyDictionary:
    def __init__(self, dict=None):
        self.data = {}
        selfref = ref(self)

        def remove(k):
            owner = selfref()
            if owner is not None:
                try:
                    del owner.data[k]
                except KeyError:
                    pass

        self._remove = remove
        if dict is not None:
            self.update(dict)

    def __getitem__(self, key):
        return self.data[ref(key)]

    def __setitem__(self, key, value):
        self.data[ref(key, self._remove)] = value

    def __delitem__(self, key):
        del self.data[ref(key)]

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        try:
            wr = ref(key)
        except TypeError:
            return False
        return wr in self.data

    def get(self, key, default=None):
        return self.data.get(ref(key), default)

    def update(self, dict=None, **kwargs):
        if dict is not None:
            if hasattr(dict, "items"):
                dict = dict.items()
            for key, value in dict:
                self[key] = value

    def keys(self):
        for wr in list(self.data):
            obj = wr()
            if obj is not None:
                yield obj

    __iter__ = keys

    def values(self):
        for wr, value in list(self.data.items()):
            if wr() is not None:
                yield value

    def items(self):
        for wr, value in list(self.data.items()):
            key = wr()
            if key is not None:
                yield key, value


class WeakSet:
    def __init__(self, data=None):
        self.data = set()
        selfref = ref(self)

        def remove(item):
            owner = selfref()
            if owner is not None:
                owner.data.discard(item)

        self._remove = remove
        if data is not None:
            for item in data:
                self.add(item)

    def add(self, item):
        self.data.add(ref(item, self._remove))

    def discard(self, item):
        self.data.discard(ref(item))

    def remove(self, item):
        self.data.remove(ref(item))

    def __len__(self):
        return len(self.data)

    def __contains__(self, item):
        try:
            wr = ref(item)
        except TypeError:
            return False
        return wr in self.data

    def __iter__(self):
        for itemref in list(self.data):
            item = itemref()
            if item is not None:
                yield item


class finalize:
    # Lib/weakref.py's finalize: the registry maps each live finalizer to its _Info; at exit,
    # atexit runs the ones whose atexit flag is set, newest first.
    __slots__ = ()
    _registry = {}
    _shutdown = False
    _index_iter = _count()
    _dirty = False
    _registered_with_atexit = False

    class _Info:
        __slots__ = ("weakref", "func", "args", "kwargs", "atexit", "index")

    def __init__(self, obj, func, /, *args, **kwargs):
        if not self._registered_with_atexit:
            import atexit
            atexit.register(self._exitfunc)
            finalize._registered_with_atexit = True
        info = self._Info()
        info.weakref = ref(obj, self)
        info.func = func
        info.args = args
        info.kwargs = kwargs or None
        info.atexit = True
        info.index = next(self._index_iter)
        self._registry[self] = info
        finalize._dirty = True

    def __call__(self, _=None):
        info = self._registry.pop(self, None)
        if info and not self._shutdown:
            return info.func(*info.args, **(info.kwargs or {}))

    def detach(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None and self._registry.pop(self, None):
            return (obj, info.func, info.args, info.kwargs or {})

    def peek(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is not None:
            return (obj, info.func, info.args, info.kwargs or {})

    @property
    def alive(self):
        return self in self._registry

    @property
    def atexit(self):
        info = self._registry.get(self)
        return bool(info) and info.atexit

    @atexit.setter
    def atexit(self, value):
        info = self._registry.get(self)
        if info:
            info.atexit = bool(value)

    def __repr__(self):
        info = self._registry.get(self)
        obj = info and info.weakref()
        if obj is None:
            return '<%s object at %#x; dead>' % (type(self).__name__, id(self))
        else:
            return '<%s object at %#x; for %r at %#x>' % (type(self).__name__, id(self), type(obj).__name__, id(obj))

    @classmethod
    def _select_for_exit(cls):
        L = [(f, i) for (f, i) in cls._registry.items() if i.atexit]
        L.sort(key=lambda item: item[1].index)
        return [f for (f, i) in L]

    @classmethod
    def _exitfunc(cls):
        reenable_gc = False
        try:
            if cls._registry:
                import gc
                if gc.isenabled():
                    reenable_gc = True
                    gc.disable()
                pending = None
                while True:
                    if pending is None or finalize._dirty:
                        pending = cls._select_for_exit()
                        finalize._dirty = False
                    if not pending:
                        break
                    f = pending.pop()
                    try:
                        f()
                    except Exception:
                        # sys.excepthook(*sys.exc_info()) in CPython: the same traceback.
                        import traceback
                        traceback.print_exc()
                    assert f not in cls._registry
        finally:
            finalize._shutdown = True
            if reenable_gc:
                gc.enable()
`;

/**
 * Readies `weakref.finalize` for the next script run on the same interpreter. `_exitfunc` marks
 * the class shut down for good, as the process is ending in CPython; here the cached module
 * outlives the script, and a second run's finalizers once never fired, nor registered with atexit.
 */
export function reopenFinalizeAfterExit(vm: Vm): void {
  const rt = vm.runtime;
  const key = rt.intern('weakref');
  const module = vm.modules.get(key);
  rt.decref(key);
  if (!(module instanceof PyModule)) return;
  const finalize = findAttribute(vm, module, 'finalize');
  if (finalize === null) return;
  try {
    if (!(finalize instanceof PyType)) return;
    for (const name of ['_shutdown', '_registered_with_atexit']) {
      const attribute = rt.intern(name);
      setAttribute(vm, finalize, attribute, rt.share(rt.false));
      rt.decref(attribute);
    }
  } finally {
    rt.decref(finalize);
  }
}
