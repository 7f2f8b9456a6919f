/**
 * `collections`, in Python. Simplified: `defaultdict`, `OrderedDict` and `Counter` wrap a dict
 * rather than subclass it, and `namedtuple` classes are not tuple subclasses — their memory
 * differs from CPython's C implementations.
 */
export const COLLECTIONS_SOURCE = `
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


class defaultdict:
    def __init__(self, default_factory=None, *args, **kwargs):
        self.default_factory = default_factory
        self._data = dict(*args, **kwargs)

    def __getitem__(self, key):
        if key in self._data:
            return self._data[key]
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self._data[key] = value
        return value

    def __setitem__(self, key, value):
        self._data[key] = value

    def __delitem__(self, key):
        del self._data[key]

    def __contains__(self, key):
        return key in self._data

    def __len__(self):
        return len(self._data)

    def __iter__(self):
        return iter(self._data)

    def get(self, key, default=None):
        return self._data.get(key, default)

    def keys(self):
        return self._data.keys()

    def values(self):
        return self._data.values()

    def items(self):
        return self._data.items()

    def __repr__(self):
        return "defaultdict(%r, %r)" % (self.default_factory, self._data)


class OrderedDict(defaultdict):
    def __init__(self, *args, **kwargs):
        defaultdict.__init__(self, None, *args, **kwargs)

    def move_to_end(self, key, last=True):
        value = self._data.pop(key)
        if last:
            self._data[key] = value
        else:
            rest = list(self._data.items())
            self._data.clear()
            self._data[key] = value
            for k, v in rest:
                self._data[k] = v

    def popitem(self, last=True):
        if not self._data:
            raise KeyError("dictionary is empty")
        keys = list(self._data)
        key = keys[-1] if last else keys[0]
        return key, self._data.pop(key)

    def __repr__(self):
        return "OrderedDict(%r)" % (list(self._data.items()),)


class Counter(defaultdict):
    def __init__(self, iterable=None, **kwargs):
        defaultdict.__init__(self, int)
        if iterable is not None:
            self.update(iterable)
        if kwargs:
            self.update(kwargs)

    def update(self, iterable):
        if hasattr(iterable, "items"):
            for key, count in iterable.items():
                self._data[key] = self._data.get(key, 0) + count
        else:
            for key in iterable:
                self._data[key] = self._data.get(key, 0) + 1

    def most_common(self, n=None):
        items = sorted(self._data.items(), key=lambda kv: kv[1], reverse=True)
        return items if n is None else items[:n]

    def __repr__(self):
        return "Counter(%r)" % (dict(self.most_common()),)


def namedtuple(typename, field_names, defaults=None):
    if isinstance(field_names, str):
        field_names = field_names.replace(",", " ").split()
    fields = tuple(field_names)

    class _NamedTuple:
        __slots__ = fields
        _fields = fields

        def __init__(self, *args, **kwargs):
            values = list(args)
            for name in fields[len(values):]:
                values.append(kwargs[name])
            for name, value in zip(fields, values):
                setattr(self, name, value)

        def __iter__(self):
            for name in fields:
                yield getattr(self, name)

        def __getitem__(self, index):
            return getattr(self, fields[index])

        def __len__(self):
            return len(fields)

        def __eq__(self, other):
            return tuple(self) == tuple(other)

        def __repr__(self):
            parts = ["%s=%r" % (name, getattr(self, name)) for name in fields]
            return "%s(%s)" % (typename, ", ".join(parts))

        def _asdict(self):
            return {name: getattr(self, name) for name in fields}

    return _NamedTuple
`;
