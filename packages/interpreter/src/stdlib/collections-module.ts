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
    # A C deque stores items in 64-slot blocks; __sizeof__ counts them as deque_sizeof does:
    # (leftindex + len + 63) // 64 blocks. _left follows leftindex through the operations that
    # move it (appendleft, popleft, rotate, the extend heuristics, re-centring when emptied).
    __slots__ = ('_items', '_maxlen', '_left', '__weakref__')

    def __init__(self, iterable=(), maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError("an integer is required")
            if maxlen < 0:
                raise ValueError("maxlen must be non-negative")
        self._maxlen = maxlen
        self._items = []
        self._left = _DEQUE_CENTER + 1
        if iterable != ():
            self.extend(iterable)

    @property
    def maxlen(self):
        return self._maxlen

    def _trim_left(self):
        if self._maxlen is not None and len(self._items) > self._maxlen:
            self.popleft()

    def _trim_right(self):
        if self._maxlen is not None and len(self._items) > self._maxlen:
            self.pop()

    def append(self, item):
        self._items.append(item)
        self._trim_left()

    def appendleft(self, item):
        if self._left == 0:
            self._left = _DEQUE_BLOCKLEN
        self._left -= 1
        self._items.insert(0, item)
        self._trim_right()

    def pop(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        item = self._items.pop()
        if not self._items and self._left % _DEQUE_BLOCKLEN == 0:
            self._left = _DEQUE_CENTER + 1
        return item

    def popleft(self):
        if not self._items:
            raise IndexError("pop from an empty deque")
        item = self._items.pop(0)
        self._left += 1
        if self._left == _DEQUE_BLOCKLEN:
            self._left = 0 if self._items else _DEQUE_CENTER + 1
        return item

    def extend(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        if self._maxlen == 0:
            for item in iterable:
                pass
            return
        if not self._items:
            self._left = 1
        for item in iterable:
            self.append(item)

    def extendleft(self, iterable):
        if iterable is self:
            iterable = list(iterable)
        if self._maxlen == 0:
            for item in iterable:
                pass
            return
        if not self._items:
            self._left = _DEQUE_BLOCKLEN - 1
        for item in iterable:
            self.appendleft(item)

    def clear(self):
        self._items.clear()
        self._left = _DEQUE_CENTER + 1

    def rotate(self, n=1):
        size = len(self._items)
        if size <= 1:
            return
        half = (size + 1) >> 1
        if n > half or n < -half:
            n %= size
            if n > half:
                n -= size
            elif n < -half:
                n += size
        if n == 0:
            return
        self._items[:] = self._items[-n:] + self._items[:-n]
        self._left = (self._left - n) % _DEQUE_BLOCKLEN

    def reverse(self):
        self._items.reverse()

    def count(self, value):
        return self._items.count(value)

    def index(self, value, start=0, stop=None):
        items = self._items
        size = len(items)
        if stop is None or stop > size:
            stop = size
        if start < 0:
            start = max(start + size, 0)
        if stop < 0:
            stop += size
        for i in range(start, stop):
            if items[i] is value or items[i] == value:
                return i
        raise ValueError("%r is not in deque" % (value,))

    def insert(self, index, value):
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError("deque already at its maximum size")
        size = len(self._items)
        if index >= size:
            return self.append(value)
        if index <= -size or index == 0:
            return self.appendleft(value)
        self.rotate(-index)
        if index < 0:
            self.append(value)
        else:
            self.appendleft(value)
        self.rotate(index)

    def remove(self, value):
        for i, item in enumerate(self._items):
            if item is value or item == value:
                del self[i]
                return
        raise ValueError("%r is not in deque" % (value,))

    def copy(self):
        return deque(self, self._maxlen)

    __copy__ = copy

    def _index(self, index):
        if not isinstance(index, int):
            raise TypeError("sequence index must be integer, not '%s'" % type(index).__name__)
        size = len(self._items)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("deque index out of range")
        return index

    def __getitem__(self, index):
        return self._items[self._index(index)]

    def __setitem__(self, index, value):
        self._items[self._index(index)] = value

    def __delitem__(self, index):
        index = self._index(index)
        self.rotate(-index)
        self.popleft()
        self.rotate(index)

    def __len__(self):
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def __reversed__(self):
        return reversed(self._items)

    def __contains__(self, value):
        return value in self._items

    def __eq__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items == other._items

    def __ne__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items != other._items

    def __lt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items < other._items

    def __le__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items <= other._items

    def __gt__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items > other._items

    def __ge__(self, other):
        if not isinstance(other, deque):
            return NotImplemented
        return self._items >= other._items

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError('can only concatenate deque (not "%s") to deque' % type(other).__name__)
        result = deque(self, self._maxlen)
        result.extend(other)
        return result

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __hash__(self):
        # A C type, named with its module in this message.
        raise TypeError("unhashable type: 'collections.deque'")

    def __sizeof__(self):
        blocks = (self._left + len(self._items) + _DEQUE_BLOCKLEN - 1) // _DEQUE_BLOCKLEN
        return _DEQUE_BASICSIZE + blocks * _DEQUE_BLOCKSIZE

    def __repr__(self):
        if self._maxlen is None:
            return "deque(%r)" % (self._items,)
        return "deque(%r, maxlen=%d)" % (self._items, self._maxlen)


_DEQUE_BLOCKLEN = 64
_DEQUE_CENTER = (_DEQUE_BLOCKLEN - 1) // 2
# sizeof(dequeobject) without the GC head, and one block: 64 item pointers and two links.
_DEQUE_BASICSIZE = 216
_DEQUE_BLOCKSIZE = 528


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


class _tuplegetter:
    # _collections._tuplegetter: a field of a namedtuple, read-only with CPython's messages.
    __slots__ = ('_index',)
    __module__ = '_collections'

    def __init__(self, index):
        self._index = index

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance[self._index]

    def __set__(self, instance, value):
        raise AttributeError("can't set attribute")

    def __delete__(self, instance):
        raise AttributeError("can't delete attribute")

    @property
    def __doc__(self):
        return "Alias for field number %d" % (self._index,)


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
        namespace[name] = _tuplegetter(index)
    return type(typename, (tuple,), namespace)
`;
