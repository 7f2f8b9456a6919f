/**
 * The Python half of the `memory_profiler` module (memory_profiler 0.61's `LineProfiler`,
 * `show_results` and `profile`), run in the module's namespace over the natives of
 * `python-module.ts`, which hold a TypeScript `LineProfiler` per Python one.
 *
 * Differences from memory_profiler kept on purpose: `profile` prints the table in a `finally`, so
 * a function that raises still shows its table before the exception propagates (memory_profiler
 * 0.61 prints nothing then); a generator function is wrapped in a generator that profiles each
 * resumption (line_profiler's `wrap_generator`) and `profile` prints its table when the generator
 * finishes or is closed (memory_profiler 0.61 profiles only the call that creates the generator,
 * which runs no line of it, so it prints no table at all).
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
                result = func(*args, **kwds)
            finally:
                self.disable_by_count()
            if _made_by(result, func):
                return self._resumptions(result)
            return result
        return _update_wrapper(f, func)

    def _resumptions(self, g, on_finish=None):
        # A generator's body runs on each next()/send(), not in the call that made it: profile
        # every resumption, as line_profiler's wrap_generator does.
        try:
            done, value = self._step(g, None, True)
            while not done:
                sent = yield value
                done, value = self._step(g, sent, False)
            return value
        finally:
            if on_finish is not None:
                on_finish()

    def _step(self, g, sent, first):
        # One resumption: (finished, the item yielded or the value returned).
        self.enable_by_count()
        try:
            item = next(g) if first else g.send(sent)
        except StopIteration as stop:
            return True, stop.value
        finally:
            self.disable_by_count()
        return False, item


class TimeStamper:
    """Memory and time at the start and end of each call of the functions it wraps."""

    def __init__(self, backend="psutil"):
        self._c = _new_stamper(backend)

    def __call__(self, func=None, precision=None):
        if func is None:
            return lambda f: self(f, precision=precision)
        if not callable(func):
            raise ValueError("Value must be callable")
        name = "%s.%s" % (func.__module__, func.__name__)
        _stamper_add(self._c, name)

        def f(*args, **kwds):
            call = _stamper_enter(self._c, name)
            try:
                return func(*args, **kwds)
            finally:
                _stamper_exit(self._c, call)
        return _update_wrapper(f, func)

    def show_results(self, stream=None):
        text = _stamper_format(self._c)
        if stream is None:
            print(text, end="")
        else:
            stream.write(text)


def show_results(prof, stream=None, precision=1):
    text = _format(prof._c, precision)
    if stream is None:
        print(text, end="")
    else:
        stream.write(text)


def memory_usage(proc=-1, interval=.1, timeout=None, timestamps=False, include_children=False,
                 multiprocess=False, max_usage=False, retval=False, stream=None, backend=None,
                 max_iterations=None):
    """Memory in MiB of the current process over an interval, or while a function runs."""
    if stream is not None:
        timestamps = True
    if callable(proc):
        proc = (proc, (), {})
    if isinstance(proc, (list, tuple)):
        if len(proc) == 1:
            f, args, kw = proc[0], (), {}
        elif len(proc) == 2:
            f, args, kw = proc[0], proc[1], {}
        elif len(proc) == 3:
            f, args, kw = proc[0], proc[1], proc[2]
        else:
            raise ValueError
        samples, returned = _sample(f, tuple(args), dict(kw), interval, timeout, max_iterations, backend)
        ret = samples if timestamps else [mem for mem, _ in samples]
        if max_usage:
            ret = max(ret)
        if retval:
            ret = ret, returned
    elif proc == -1:
        samples, _ = _sample(None, (), {}, interval, timeout, None, backend)
        if max_usage:
            ret = max([-1] + [mem for mem, _ in samples])
        else:
            ret = []
            for mem, t in samples:
                if stream is not None:
                    stream.write("MEM %.6f %.4f\\n" % (mem, t))
                elif multiprocess:
                    ret.append([(mem, t) if timestamps else mem])
                else:
                    ret.append((mem, t) if timestamps else mem)
    else:
        raise NotImplementedError(
            "memkit runs one process: proc must be -1, a function or an (f, args, kwargs) tuple")
    if stream is not None:
        return None
    return ret


def profile(func=None, stream=None, precision=1, backend="psutil"):
    """Decorator printing a function's line-by-line memory table each time it returns or raises."""
    if func is not None:
        def wrapper(*args, **kwargs):
            prof = LineProfiler(backend=backend)
            prof.add_function(func)
            show = lambda: show_results(prof, stream=stream, precision=precision)
            finished = True
            prof.enable_by_count()
            try:
                result = func(*args, **kwargs)
                if _made_by(result, func):
                    # The table waits until the generator finishes or is closed.
                    finished = False
                    result = prof._resumptions(result, show)
                return result
            finally:
                prof.disable_by_count()
                if finished:
                    show()
        return _update_wrapper(wrapper, func)

    def inner_wrapper(f):
        return profile(f, stream=stream, precision=precision, backend=backend)
    return inner_wrapper
`;
