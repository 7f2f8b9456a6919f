/**
 * The Python half of the `tracemalloc` module (CPython's `Lib/tracemalloc.py`), run in the
 * module's namespace over the natives of `python-module.ts`. Each class holds a capsule (`_c`)
 * of the TypeScript object and delegates strings, comparisons and computations to it; filters
 * stay plain Python objects, handed to the natives as tuples. It keeps to what memkit's
 * interpreter runs: classes with `__slots__`, properties, generators, no `functools` or `abc`.
 */
export const TRACEMALLOC_SOURCE = `
def _wrap(cls, c):
    obj = _new(cls)
    obj._c = c
    return obj


def _wrap_all(cls, handles):
    return [_wrap(cls, c) for c in handles]


class Frame:
    """Frame of a traceback."""
    __slots__ = ("_c",)

    def __init__(self, frame):
        self._c = _frame_new(frame)

    @property
    def filename(self):
        return _get(self._c, "filename")

    @property
    def lineno(self):
        return _get(self._c, "lineno")

    def __eq__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return _eq(self._c, other._c)

    def __lt__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return _lt(self._c, other._c)

    def __le__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return _lt(self._c, other._c) or _eq(self._c, other._c)

    def __gt__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return not (_lt(self._c, other._c) or _eq(self._c, other._c))

    def __ge__(self, other):
        if not isinstance(other, Frame):
            return NotImplemented
        return not _lt(self._c, other._c)

    def __hash__(self):
        return _hash(self._c)

    def __str__(self):
        return _str(self._c)

    def __repr__(self):
        return _repr(self._c)


class Traceback:
    """Sequence of Frame instances sorted from the oldest frame to the most recent frame."""
    __slots__ = ("_c",)

    def __init__(self, frames, total_nframe=None):
        self._c = _traceback_new(frames, total_nframe)

    @property
    def total_nframe(self):
        return _get(self._c, "total_nframe")

    def __len__(self):
        return _len(self._c)

    def __getitem__(self, index):
        item = _item(self._c, index)
        if type(item) is list:
            return tuple(_wrap_all(Frame, item))
        return _wrap(Frame, item)

    def __iter__(self):
        for c in _items(self._c):
            yield _wrap(Frame, c)

    def __contains__(self, frame):
        if not isinstance(frame, Frame):
            return False
        return _contains(self._c, frame._c)

    def __eq__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return _eq(self._c, other._c)

    def __lt__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return _lt(self._c, other._c)

    def __le__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return _lt(self._c, other._c) or _eq(self._c, other._c)

    def __gt__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return not (_lt(self._c, other._c) or _eq(self._c, other._c))

    def __ge__(self, other):
        if not isinstance(other, Traceback):
            return NotImplemented
        return not _lt(self._c, other._c)

    def __hash__(self):
        return _hash(self._c)

    def __str__(self):
        return _str(self._c)

    def __repr__(self):
        return _repr(self._c)

    def format(self, limit=None, most_recent_first=False):
        return _format(self._c, limit, most_recent_first)


def get_object_traceback(obj):
    """Get the traceback where the Python object *obj* was allocated.
    Return a Traceback instance.

    Return None if the tracemalloc module is not tracing memory allocations or
    did not trace the allocation of the object.
    """
    c = _get_object_traceback(obj)
    if c is None:
        return None
    return _wrap(Traceback, c)


class Trace:
    """Trace of a memory block."""
    __slots__ = ("_c",)

    def __init__(self, trace):
        self._c = _trace_new(trace)

    @property
    def domain(self):
        return _get(self._c, "domain")

    @property
    def size(self):
        return _get(self._c, "size")

    @property
    def traceback(self):
        return _wrap(Traceback, _get(self._c, "traceback"))

    def __eq__(self, other):
        if not isinstance(other, Trace):
            return NotImplemented
        return _eq(self._c, other._c)

    def __hash__(self):
        return _hash(self._c)

    def __str__(self):
        return _str(self._c)

    def __repr__(self):
        return _repr(self._c)


class _Traces:
    __slots__ = ("_c",)

    def __len__(self):
        return _len(self._c)

    def __getitem__(self, index):
        item = _item(self._c, index)
        if type(item) is list:
            return tuple(_wrap_all(Trace, item))
        return _wrap(Trace, item)

    def __iter__(self):
        for c in _items(self._c):
            yield _wrap(Trace, c)

    def __contains__(self, trace):
        if not isinstance(trace, Trace):
            return False
        return _contains(self._c, trace._c)

    def __eq__(self, other):
        if not isinstance(other, _Traces):
            return NotImplemented
        return _eq(self._c, other._c)

    def __repr__(self):
        return _repr(self._c)


class Statistic:
    """Statistic difference on memory allocations between two Snapshot instance."""
    __slots__ = ("_c",)

    def __init__(self, traceback, size, count):
        self._c = _statistic_new(traceback._c, size, count)

    @property
    def traceback(self):
        return _wrap(Traceback, _get(self._c, "traceback"))

    @property
    def size(self):
        return _get(self._c, "size")

    @property
    def count(self):
        return _get(self._c, "count")

    def __eq__(self, other):
        if not isinstance(other, Statistic):
            return NotImplemented
        return _eq(self._c, other._c)

    def __hash__(self):
        return _hash(self._c)

    def __str__(self):
        return _str(self._c)

    def __repr__(self):
        return _repr(self._c)


class StatisticDiff:
    """Statistic difference on memory allocations between an old and a new Snapshot instance."""
    __slots__ = ("_c",)

    def __init__(self, traceback, size, size_diff, count, count_diff):
        self._c = _statistic_diff_new(traceback._c, size, size_diff, count, count_diff)

    @property
    def traceback(self):
        return _wrap(Traceback, _get(self._c, "traceback"))

    @property
    def size(self):
        return _get(self._c, "size")

    @property
    def size_diff(self):
        return _get(self._c, "size_diff")

    @property
    def count(self):
        return _get(self._c, "count")

    @property
    def count_diff(self):
        return _get(self._c, "count_diff")

    def __eq__(self, other):
        if not isinstance(other, StatisticDiff):
            return NotImplemented
        return _eq(self._c, other._c)

    def __hash__(self):
        return _hash(self._c)

    def __str__(self):
        return _str(self._c)

    def __repr__(self):
        return _repr(self._c)


class BaseFilter:
    def __init__(self, inclusive):
        self.inclusive = inclusive


class Filter(BaseFilter):
    def __init__(self, inclusive, filename_pattern, lineno=None, all_frames=False, domain=None):
        self.inclusive = inclusive
        self._filename_pattern = _normalize_filename(filename_pattern)
        self.lineno = lineno
        self.all_frames = all_frames
        self.domain = domain

    @property
    def filename_pattern(self):
        return self._filename_pattern

    def _spec(self):
        return (self.inclusive, self._filename_pattern, self.lineno, self.all_frames, self.domain)


class DomainFilter(BaseFilter):
    def __init__(self, inclusive, domain):
        self.inclusive = inclusive
        self._domain = domain

    @property
    def domain(self):
        return self._domain

    def _spec(self):
        return (self.inclusive, self._domain)


class Snapshot:
    """Snapshot of traces of memory blocks allocated by Python."""
    __slots__ = ("_c", "_traces")

    def __init__(self, traces, traceback_limit):
        self._c = _snapshot_new(traces, traceback_limit)
        self._traces = None

    @property
    def traces(self):
        return _wrap(_Traces, _get(self._c, "traces"))

    @property
    def traceback_limit(self):
        return _get(self._c, "traceback_limit")

    def dump(self, filename):
        """Write the snapshot into a file."""
        _dump(self._c, filename)

    @staticmethod
    def load(filename):
        """Load a snapshot from a file."""
        return _wrap(Snapshot, _load(filename))

    def filter_traces(self, filters):
        """Create a new Snapshot instance with a filtered traces sequence."""
        iterable = True
        try:
            filters = list(filters)
        except TypeError:
            iterable = False
        if not iterable:
            raise TypeError("filters must be a list of filters, not %s" % type(filters).__name__)
        specs = []
        for trace_filter in filters:
            specs.append(trace_filter._spec())
        return _wrap(Snapshot, _filter_traces(self._c, specs))

    def statistics(self, key_type, cumulative=False):
        """Group statistics by key_type. Return a sorted list of Statistic instances."""
        return _wrap_all(Statistic, _statistics(self._c, key_type, cumulative))

    def compare_to(self, old_snapshot, key_type, cumulative=False):
        """Compute the differences with an old snapshot old_snapshot. Get statistics as a sorted
        list of StatisticDiff instances, grouped by group_by."""
        return _wrap_all(StatisticDiff, _compare_to(self._c, old_snapshot._c, key_type, cumulative))


def take_snapshot():
    """Take a snapshot of traces of memory blocks allocated by Python."""
    # _get_traces() makes its result list before it copies the traces, so a list revived from
    # the free list is attributed here, not where it was first allocated; the snapshot keeps it.
    traces = []
    snapshot = _wrap(Snapshot, _take_snapshot())
    snapshot._traces = traces
    return snapshot
`;
