/**
 * CPython 3.11 (64-bit, pymalloc, release build) layout and policy numbers.
 *
 * Every version-specific number the runtime relies on lives here, so modelling another CPython
 * version is a change of data. Measured on CPython 3.11.7; see
 * shared/reference/cpython-3.11-memory-model.md for the measurements behind each one.
 */
export const CPYTHON_311 = {
  version: '3.11.7',
  pointerSize: 8,
  /** `PyObject`: ob_refcnt + ob_type. */
  objectHeader: 16,
  /** `PyVarObject`: + ob_size. */
  varObjectHeader: 24,
  /** `PyGC_Head`, placed before every object of a GC type. */
  gcHeader: 16,
  /** Managed-dict pre-header (dict ptr + values ptr) of 3.11 heap classes without `__slots__`. */
  managedDictHeader: 16,

  // Basic sizes (`tp_basicsize`, without pre-headers).
  basicsize: {
    none: 16,
    int: 24, // + 4 bytes per 30-bit digit, at least one digit in sys.getsizeof
    float: 24,
    complex: 32,
    bytes: 33, // header + ob_shash + trailing NUL
    bytearray: 56,
    asciiStr: 48, // PyASCIIObject (3.11 still has wstr)
    compactStr: 72, // PyCompactUnicodeObject
    unicodeObject: 80, // PyUnicodeObject: str's tp_basicsize, the legacy layout of str subclass instances
    tuple: 24,
    list: 40,
    dict: 48,
    set: 200, // includes the 8-entry smalltable
    range: 48,
    capsule: 48, // PyCapsule: pointer, name, context, destructor
    slice: 40,
    object: 16,
    instance: 24, // plain class: object header + __weakref__ slot
    slotsInstance: 16, // + 8 per slot
    function: 136,
    builtinFunction: 56,
    method: 48,
    cell: 24,
    module: 56,
    weakref: 64,
    heapType: 904, // PyHeapTypeObject
    staticType: 408,
    property: 64,
    functionWrapper: 32, // staticmethod / classmethod: callable + __dict__
    generator: 152, // offsetof(PyGenObject, gi_iframe) 80 + frame specials 72; + 8 per frame slot
    exception: 72, // PyBaseExceptionObject; see exceptionLayouts for the types that add fields
    traceback: 40,
    code: 184, // + 2 bytes per code unit, the total rounded up to 8
    frame: 120, // PyFrameObject 48 + frame specials 72; + 8 per frame slot
  },

  /**
   * `offsetof(_PyInterpreterFrame, localsplus)`: the specials (function, globals, builtins,
   * locals, code, frame object, previous, prev_instr, stacktop, owner) before a frame's slots.
   */
  interpreterFrameSpecials: 72,

  /**
   * Builtin exceptions whose C struct adds fields to `PyBaseExceptionObject`: the fields in
   * `tp_traverse`/`tp_clear` order and the type's basic size. Subclasses (UnboundLocalError,
   * ModuleNotFoundError, FileNotFoundError, …) share their base's layout.
   */
  exceptionLayouts: {
    AttributeError: { basicsize: 88, fields: ['obj', 'name'] },
    NameError: { basicsize: 80, fields: ['name'] },
    StopIteration: { basicsize: 80, fields: ['value'] },
    SystemExit: { basicsize: 80, fields: ['code'] },
    ImportError: { basicsize: 96, fields: ['msg', 'name', 'path'] },
    // + `written` (Py_ssize_t), not an object.
    OSError: { basicsize: 112, fields: ['errno', 'strerror', 'filename', 'filename2'] },
    SyntaxError: {
      basicsize: 136,
      fields: [
        'msg',
        'filename',
        'lineno',
        'offset',
        'end_lineno',
        'end_offset',
        'text',
        'print_file_and_line',
      ],
    },
  },

  // Ints: 30-bit digits stored in uint32.
  intDigitBits: 30,
  intDigitSize: 4,
  /** `sizeof(PyLongObject)` — what `_PyLong_FromMedium` allocates for any 1-digit int. */
  mediumIntAlloc: 32,
  smallIntMin: -5,
  smallIntMax: 256,

  // Statically allocated objects start at this refcount in 3.11 (immortality is 3.12).
  staticObjectRefcount: 999_999_999,

  // list_resize and list creation.
  listItemSize: 8,

  // dict keys objects.
  dictKeysHeader: 32,
  dictMinLog2Size: 3,
  dictUnicodeEntrySize: 16,
  dictGeneralEntrySize: 24,
  /** `NEXT_LOG2_SHARED_KEYS_MAX_SIZE`: the shared keys of a class have 64 slots. */
  sharedKeysLog2Size: 6,
  /** `SHARED_KEYS_MAX_SIZE`: at most 30 attribute names are shared per class. */
  sharedKeysMaxSize: 30,

  // sets.
  setMinSize: 8,
  setEntrySize: 16,
  setLinearGrowthThreshold: 50_000,

  // free lists (Objects/*object.c, 3.11).
  freeLists: {
    list: 80,
    dict: 80,
    dictKeys: 80,
    float: 100,
    tupleMaxSize: 20, // tuples of 1..20 items are recycled (sys._debugmallocstats lists 20 sizes)
    tuplePerSize: 2000,
  },

  /**
   * What `python3 script.py` finds parked on the free lists when the script starts (left by
   * site and the import system; `sys._debugmallocstats()` on the first line, 3.11.7). Which of
   * them a script reuses decides what tracemalloc sees: `x = [...]` on the first lines gets an
   * untraced list object.
   */
  startupFreeLists: {
    list: 40,
    dict: 8,
    float: 4,
    // Tuples of 1..20 items.
    tuples: [4, 8, 2, 2, 3, 0, 8, 6, 1, 0, 1, 3, 5, 1, 2, 2, 2, 3, 1, 6] as readonly number[],
    /** The slice cache is full: startup slices (site, importlib), so a script's first slice is untraced. */
    slice: true,
  },

  /**
   * Modules `python3 script.py` has imported before the script's first line (site and the
   * import system load them; `sys.modules`, 3.11.7) among those memkit provides: a script's
   * `import collections` only looks it up, moving no gc count, free list or trace.
   */
  startupModules: [
    'weakref',
    'types',
    'collections',
    'functools',
    'itertools',
    'contextlib',
    'time',
    'math',
    'random',
    'atexit',
  ] as readonly string[],

  /**
   * How `import tracemalloc` (which also loads pickle, tokenize and linecache) changes the free
   * lists: `sys._debugmallocstats()` before and after it on a script's first line, 3.11.7. Four
   * dicts and six lists taken, tuples of each size (`tuples[n]`: n items) parked or taken.
   */
  tracemallocImportFreeListChange: {
    dicts: -4,
    lists: -6,
    tuples: [0, 0, 8, 2, 3, -2, 0, -8, -2, 1, 3, 2, 0, -1, 1, -1, -1, -1, -1, 0, 0] as readonly number[],
  },

  /**
   * Builtin types that already have subclasses (hence a `tp_subclasses` dict) when a script
   * starts: `type.__subclasses__(t)` non-empty on the first line of `python3 script.py`
   * (3.11.7), limited to the types memkit defines. A class derived from one of them adds a
   * weakref to that dict; one derived from any other builtin type makes the dict first.
   */
  startupSubclassedTypes: [
    'object',
    'type',
    'int',
    'str',
    'tuple',
    'list',
    'dict',
    'property',
    'classmethod',
    'staticmethod',
    'BaseException',
    'Exception',
    'ArithmeticError',
    'LookupError',
    'ImportError',
    'OSError',
    'RuntimeError',
    'SyntaxError',
    'SystemError',
    'ValueError',
    'NameError',
    'UnicodeError',
    'Warning',
    'BaseExceptionGroup',
    'ConnectionError',
    'IndentationError',
  ] as readonly string[],

  /**
   * `gc.get_count()` when `python3 script.py` has made `__main__` and starts compiling the
   * script (3.11.7): site's imports last ran a collection of generation 1, twice since the last
   * full one; the tracked objects made after it and still alive count in generation 0. Measured
   * as `(249, 0, 2)` on an `import gc; print(gc.get_count())` first line, less what memkit makes
   * between this point and that call (compiling and running the line).
   */
  startupGcCount: [229, 0, 2] as readonly number[],

  // Cycle collector.
  gcThresholds: [700, 10, 10] as const,
  gcGenerations: 3,

  // Strings.
  /** Constant folding keeps `'a' * 4096` but not `'a' * 4097`. */
  maxFoldedStrLength: 4096,
} as const;

/** Layout numbers of one CPython version. */
export type CPythonLayout = typeof CPYTHON_311;
