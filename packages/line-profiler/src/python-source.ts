/**
 * The Python half of the `memory_profiler` module (memory_profiler 0.61's `LineProfiler`,
 * `show_results` and `profile`), run in the module's namespace over the natives of
 * `python-module.ts`, which hold a TypeScript `LineProfiler` per Python one.
 *
 * Difference from memory_profiler kept on purpose: `profile` prints the table in a `finally`, so
 * a function that raises still shows its table before the exception propagates (memory_profiler
 * 0.61 prints nothing then).
 */
export const MEMORY_PROFILER_SOURCE = `
def _update_wrapper(wrapper, wrapped):
    wrapper.__name__ = wrapped.__name__
    wrapper.__qualname__ = wrapped.__qualname__
    wrapper.__doc__ = wrapped.__doc__
    wrapper.__wrapped__ = wrapped
    return wrapper


class LineProfiler:
    """Line-by-line memory profiler of the functions it wraps."""

    def __init__(self, backend="psutil"):
        self._c = _new(backend)

    def add_function(self, func):
        _add_function(self._c, func)

    def enable_by_count(self):
        _enable(self._c)

    def disable_by_count(self):
        _disable(self._c)

    def __call__(self, func):
        self.add_function(func)
        return self.wrap_function(func)

    def wrap_function(self, func):
        def f(*args, **kwds):
            self.enable_by_count()
            try:
                return func(*args, **kwds)
            finally:
                self.disable_by_count()
        return _update_wrapper(f, func)


def _cli_profiler(backend="psutil"):
    # The instance memkit profile puts into builtins (a class is not callable from the host).
    return LineProfiler(backend=backend)


def show_results(prof, stream=None, precision=1):
    text = _format(prof._c, precision)
    if stream is None:
        print(text, end="")
    else:
        stream.write(text)


def profile(func=None, stream=None, precision=1, backend="psutil"):
    """Decorator printing a function's line-by-line memory table each time it returns or raises."""
    if func is not None:
        def wrapper(*args, **kwargs):
            prof = LineProfiler(backend=backend)
            try:
                return prof(func)(*args, **kwargs)
            finally:
                show_results(prof, stream=stream, precision=precision)
        return _update_wrapper(wrapper, func)

    def inner_wrapper(f):
        return profile(f, stream=stream, precision=precision, backend=backend)
    return inner_wrapper
`;
