/**
 * The Python half of the `objgraph` module, run in the module's namespace over the natives of
 * `python-module.ts`: objgraph's public functions with its signatures and defaults. They turn
 * iterables into lists, Python predicates into functions returning real bools, and print (to
 * stdout or `file=`) the lines the natives format. It keeps to what memkit's interpreter runs.
 *
 * Differences from objgraph.py kept on purpose: `peak_stats` and `get_new_ids`'s `_state` are
 * held by the TypeScript `Objgraph` of the program unless a `peak_stats` dict is passed.
 */
export const OBJGRAPH_SOURCE = `
def _list_or_none(objects):
    if objects is None:
        return None
    return list(objects)


def _predicate(fn):
    if fn is None:
        return None
    return lambda obj: True if fn(obj) else False


def _write_lines(lines, file):
    for line in lines:
        if file is None:
            print(line)
        else:
            file.write(line + "\\n")


def count(typename, objects=None):
    return _count(typename, _list_or_none(objects))


def by_type(typename, objects=None):
    return _by_type(typename, _list_or_none(objects))


def typestats(objects=None, shortnames=True, filter=None):
    return _typestats(_list_or_none(objects), bool(shortnames), _predicate(filter))


def most_common_types(limit=10, objects=None, shortnames=True, filter=None):
    return _most_common_types(limit, _list_or_none(objects), bool(shortnames), _predicate(filter), False)


def show_most_common_types(limit=10, objects=None, shortnames=True, file=None, filter=None):
    lines = _most_common_types(limit, _list_or_none(objects), bool(shortnames), _predicate(filter), True)
    _write_lines(lines, file)


def growth(limit=10, peak_stats=None, shortnames=True, filter=None):
    return _growth(limit, peak_stats, bool(shortnames), _predicate(filter), False)


def show_growth(limit=10, peak_stats=None, shortnames=True, file=None, filter=None):
    lines = _growth(limit, peak_stats, bool(shortnames), _predicate(filter), True)
    _write_lines(lines, file)


def get_new_ids(skip_update=False, limit=10, sortby="deltas", shortnames=None, file=None):
    if shortnames is not None:
        shortnames = bool(shortnames)
    new_ids, lines = _get_new_ids(bool(skip_update), limit, sortby, shortnames)
    _write_lines(lines, file)
    return new_ids


def get_leaking_objects(objects=None):
    return _get_leaking_objects(_list_or_none(objects))


def at_addrs(address_set):
    return _at_addrs(list(address_set))


def find_ref_chain(obj, predicate, max_depth=20, extra_ignore=()):
    return _find_chain(obj, _predicate(predicate), max_depth, list(extra_ignore), False)


def find_backref_chain(obj, predicate, max_depth=20, extra_ignore=()):
    return _find_chain(obj, _predicate(predicate), max_depth, list(extra_ignore), True)


def _extra_info(fn):
    if fn is None:
        return None
    return lambda obj: str(fn(obj))


def _extra_node_attrs(fn):
    if fn is None:
        return None

    def attrs(obj):
        result = {}
        for key, value in fn(obj).items():
            result[str(key)] = None if value is None else str(value)
        return result

    return attrs


def _present(result, output):
    dot, messages, error = result
    if output is not None:
        output.write(dot)
        return
    _write_lines(messages, None)
    if error is not None:
        raise RuntimeError(error)


def _check_output(filename, output):
    if filename and output:
        raise ValueError("Cannot specify both output and filename.")


def _show_graph(objs, direction, max_depth, extra_ignore, filter, too_many, highlight, filename,
                extra_info, refcounts, shortnames, output, extra_node_attrs):
    _check_output(filename, output)
    ignore = list(extra_ignore)
    ignore.append(id(ignore))
    if isinstance(objs, (list, tuple)):
        ignore.append(id(objs))
    result = _draw(objs, direction, max_depth, ignore, _predicate(filter), too_many,
                   _predicate(highlight), filename, _extra_info(extra_info), bool(refcounts),
                   bool(shortnames), output is not None, _extra_node_attrs(extra_node_attrs))
    _present(result, output)


def show_backrefs(objs, max_depth=3, extra_ignore=(), filter=None, too_many=10, highlight=None,
                  filename=None, extra_info=None, refcounts=False, shortnames=True, output=None,
                  extra_node_attrs=None):
    _show_graph(objs, "backrefs", max_depth, extra_ignore, filter, too_many, highlight, filename,
                extra_info, refcounts, shortnames, output, extra_node_attrs)


def show_refs(objs, max_depth=3, extra_ignore=(), filter=None, too_many=10, highlight=None,
              filename=None, extra_info=None, refcounts=False, shortnames=True, output=None,
              extra_node_attrs=None):
    _show_graph(objs, "refs", max_depth, extra_ignore, filter, too_many, highlight, filename,
                extra_info, refcounts, shortnames, output, extra_node_attrs)


def show_chain(*chains, **kw):
    backrefs = kw.pop("backrefs", True)
    highlight = kw.pop("highlight", None)
    filename = kw.pop("filename", None)
    extra_info = kw.pop("extra_info", None)
    refcounts = kw.pop("refcounts", False)
    shortnames = kw.pop("shortnames", True)
    output = kw.pop("output", None)
    extra_node_attrs = kw.pop("extra_node_attrs", None)
    for name in kw:
        raise TypeError("show_chain() got an unexpected keyword argument '" + name + "'")
    _check_output(filename, output)
    result = _chain(list(chains), bool(backrefs), _predicate(highlight), filename,
                    _extra_info(extra_info), bool(refcounts), bool(shortnames), output is not None,
                    _extra_node_attrs(extra_node_attrs))
    _present(result, output)
`;
