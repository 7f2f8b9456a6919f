/**
 * `collections`, in Python. `defaultdict`, `OrderedDict` and `Counter` are dict subclasses and
 * `namedtuple` classes tuple subclasses, with CPython's layouts where it matters for memory:
 * a defaultdict is a dict plus one slot (CPython's C type: 56 + 16 bytes), a Counter a Python
 * dict subclass, a namedtuple instance exactly a tuple. `OrderedDict` has the C odict's layout
 * (112 bytes, a `__dict__` pointer) and its per-key nodes (runtime `OrderedDictNodes`). `deque`
 * keeps a list.
 */
/** The collections classes CPython implements in C (`_collections`), named `collections.X`. */
export const C_COLLECTIONS_TYPES: ReadonlySet<string> = new Set(['defaultdict', 'OrderedDict', 'deque']);

/**
 * Layouts of the C types written here in Python (`tp_basicsize` without the GC head): an
 * OrderedDict is a dict (48) plus od_first, od_last, od_fast_nodes, od_fast_nodes_size,
 * od_resize_sentinel, od_state, od_inst_dict and od_weakreflist.
 */
export const NATIVE_LAYOUTS: ReadonlyMap<string, { basicsize: number; dictPointer: boolean }> = new Map([
  ['collections.OrderedDict', { basicsize: 112, dictPointer: true }],
]);

export const COLLECTIONS_SOURCE = `
import sys
from _collections import _odict_move_to_end

class deque:
    def __init__(self, iterable=(), maxlen=None):
        self._items = []
        self.maxlen = maxlen
        for item in iterable:
            self.append(item)

    def append(self, item):
        self._items.append(item)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop(0)

    def appendleft(self, item):
        self._items.insert(0, item)
        if self.maxlen is not None and len(self._items) > self.maxlen:
            self._items.pop()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop()

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        return self._items.pop(0)

    def extend(self, iterable):
        for item in iterable:
            self.append(item)

    def clear(self):
        self._items.clear()

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __getitem__(self, index):
        return self._items[index]

    def __repr__(self):
        if self.maxlen is None:
            return "deque(%r)" % (self._items,)
        return "deque(%r, maxlen=%d)" % (self._items, self.maxlen)


class defaultdict(dict):
    __slots__ = ('default_factory',)

    def __init__(self, default_factory=None, *args, **kwargs):
        if default_factory is not None and not callable(default_factory):
            raise TypeError("first argument must be callable or None")
        self.default_factory = default_factory
        dict.__init__(self, *args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def copy(self):
        return defaultdict(self.default_factory, self)

    def __hash__(self):
        # CPython's defaultdict is a C type, named with its module in this message.
        raise TypeError("unhashable type: 'collections.defaultdict'")

    def __repr__(self):
        return "defaultdict(%r, %s)" % (self.default_factory, dict.__repr__(self))


class OrderedDict(dict):
    # A C OrderedDict's layout and nodes are modelled natively (NATIVE_LAYOUTS, the runtime's
    # OrderedDictNodes); the dict keeps the OrderedDict's order, so iteration is the dict's.
    def move_to_end(self, key, last=True):
        _odict_move_to_end(self, key, last)

    def popitem(self, last=True):
        if not self:
            raise KeyError("dictionary is empty")
        if last:
            key = list(self)[-1]
        else:
            for key in self:
                break
        return key, dict.pop(self, key)

    def __reversed__(self):
        return reversed(list(self))

    def copy(self):
        return self.__class__(self)

    @classmethod
    def fromkeys(cls, iterable, value=None):
        self = cls()
        for key in iterable:
            self[key] = value
        return self

    def __eq__(self, other):
        # dict's equality, then (odict_richcompare) the order when both are OrderedDicts.
        if not isinstance(other, dict) or len(self) != len(other):
            return False
        for key in self:
            if key not in other or not (dict.__getitem__(self, key) == dict.__getitem__(other, key)):
                return False
        if isinstance(other, OrderedDict):
            for mine, theirs in zip(self, other):
                if not (mine == theirs):
                    return False
        return True

    def __ne__(self, other):
        # odict_richcompare answers != too: dict's own __ne__ would ignore the order.
        return not OrderedDict.__eq__(self, other)

    def __repr__(self):
        if not self:
            return "%s()" % (self.__class__.__name__,)
        return "%s(%r)" % (self.__class__.__name__, list(self.items()))


class Counter(dict):
    def __init__(self, iterable=None, **kwds):
        self.update(iterable, **kwds)

    def __missing__(self, key):
        return 0

    def total(self):
        return sum(self.values())

    def most_common(self, n=None):
        items = sorted(self.items(), key=lambda kv: kv[1], reverse=True)
        return items if n is None else items[:n]

    def elements(self):
        for elem, count in self.items():
            for _ in range(count):
                yield elem

    def update(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                if self:
                    for elem, count in iterable.items():
                        self[elem] = count + self.get(elem, 0)
                else:
                    dict.update(self, iterable)
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) + 1
        if kwds:
            self.update(kwds)

    def subtract(self, iterable=None, **kwds):
        if iterable is not None:
            if isinstance(iterable, dict):
                for elem, count in iterable.items():
                    self[elem] = self.get(elem, 0) - count
            else:
                for elem in iterable:
                    self[elem] = self.get(elem, 0) - 1
        if kwds:
            self.subtract(kwds)

    def copy(self):
        return self.__class__(self)

    def __repr__(self):
        if not self:
            return "%s()" % (self.__class__.__name__,)
        return "%s(%r)" % (self.__class__.__name__, dict(self.most_common()))


def namedtuple(typename, field_names, *, rename=False, defaults=None, module=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    field_names = tuple(map(str, field_names))
    num_fields = len(field_names)
    field_defaults = {}
    if defaults is not None:
        defaults = tuple(defaults)
        if len(defaults) > num_fields:
            raise TypeError("Got more default values than field names")
        for name, value in zip(field_names[num_fields - len(defaults):], defaults):
            field_defaults[name] = value

    def __new__(_cls, *args, **kwargs):
        if len(args) > num_fields:
            raise TypeError("%s.__new__() takes %d positional arguments but %d were given"
                            % (typename, num_fields + 1, len(args) + 1))
        values = list(args)
        for name in field_names[len(args):]:
            if name in kwargs:
                values.append(kwargs.pop(name))
            elif name in field_defaults:
                values.append(field_defaults[name])
            else:
                raise TypeError("%s.__new__() missing 1 required positional argument: '%s'" % (typename, name))
        for name in kwargs:
            if name in field_names[:len(args)]:
                raise TypeError("%s.__new__() got multiple values for argument '%s'" % (typename, name))
            raise TypeError("%s.__new__() got an unexpected keyword argument '%s'" % (typename, name))
        return tuple.__new__(_cls, values)

    def _make(cls, iterable):
        result = tuple.__new__(cls, iterable)
        if len(result) != num_fields:
            raise TypeError("Expected %d arguments, got %d" % (num_fields, len(result)))
        return result

    def _replace(self, **kwds):
        values = [kwds.pop(name, value) for name, value in zip(field_names, self)]
        if kwds:
            raise ValueError("Got unexpected field names: %r" % (list(kwds),))
        return self._make(values)

    def __repr__(self):
        parts = ["%s=%r" % (name, value) for name, value in zip(field_names, self)]
        return "%s(%s)" % (self.__class__.__name__, ", ".join(parts))

    def _asdict(self):
        return dict(zip(self._fields, self))

    def __getnewargs__(self):
        return tuple(self)

    if module is None:
        module = sys._getframe(1).f_globals.get("__name__", "__main__")
    namespace = {
        "__doc__": "%s(%s)" % (typename, ", ".join(field_names)),
        "__slots__": (),
        "_fields": field_names,
        "_field_defaults": field_defaults,
        "__new__": __new__,
        "_make": classmethod(_make),
        "_replace": _replace,
        "__repr__": __repr__,
        "_asdict": _asdict,
        "__getnewargs__": __getnewargs__,
        "__match_args__": field_names,
        "__module__": module,
    }
    for index, name in enumerate(field_names):
        namespace[name] = property(lambda self, index=index: self[index],
                                   doc="Alias for field number %d" % (index,))
    return type(typename, (tuple,), namespace)
`;
