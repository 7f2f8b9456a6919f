/** `itertools`, in Python: the basic iterator builders as generators. */
export const ITERTOOLS_SOURCE = `
def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step


def cycle(iterable):
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    while saved:
        for element in saved:
            yield element


def repeat(obj, times=None):
    if times is None:
        while True:
            yield obj
    else:
        for i in range(times):
            yield obj


def chain(*iterables):
    for it in iterables:
        for element in it:
            yield element


def islice(iterable, *args):
    if len(args) == 1:
        start, stop, step = 0, args[0], 1
    else:
        start = args[0] or 0
        stop = args[1]
        step = args[2] if len(args) > 2 and args[2] is not None else 1
    i = 0
    next_i = start
    for element in iterable:
        if stop is not None and i >= stop:
            return
        if i == next_i:
            yield element
            next_i += step
        i += 1


def accumulate(iterable, func=None, initial=None):
    total = initial
    if initial is not None:
        yield initial
    first = initial is None
    for element in iterable:
        if first:
            total = element
            first = False
        elif func is None:
            total = total + element
        else:
            total = func(total, element)
        yield total


def takewhile(predicate, iterable):
    for x in iterable:
        if predicate(x):
            yield x
        else:
            return


def dropwhile(predicate, iterable):
    dropping = True
    for x in iterable:
        if dropping and predicate(x):
            continue
        dropping = False
        yield x


def zip_longest(*iterables, fillvalue=None):
    iterators = [iter(it) for it in iterables]
    while True:
        values = []
        alive = 0
        for it in iterators:
            value = next(it, _MISSING)
            if value is _MISSING:
                values.append(fillvalue)
            else:
                alive += 1
                values.append(value)
        if not alive:
            return
        yield tuple(values)


def product(*iterables, repeat=1):
    pools = [tuple(pool) for pool in iterables] * repeat
    result = [[]]
    for pool in pools:
        result = [x + [y] for x in result for y in pool]
    for prod in result:
        yield tuple(prod)


_MISSING = object()
`;
