/**
 * The memory-related part of CPython 3.11's `sys` module. The interpreter adds what belongs to
 * a running program (`argv`, `modules`, `path`, `stdout`, `stderr`, the recursion limit).
 */
import { PymallocAllocator } from '../allocator/pymalloc';
import { formatDebugMallocStats } from '../debug-malloc-stats';
import { PythonError } from '../errors';
import { PyStr } from '../objects/str';
import { expectOneArg, type ModuleDefinition, parseOptionalArgs } from './native-module';

export const sysModule: ModuleDefinition = {
  name: 'sys',
  functions: {
    getsizeof: {
      fn: (rt, args, kwargs) => {
        // `default` only matters when __sizeof__ fails, which no runtime object's does.
        const [obj] = parseOptionalArgs('getsizeof', ['object', 'default'], args, kwargs);
        if (obj === null) {
          throw new PythonError('TypeError', "getsizeof() missing required argument 'object' (pos 1)");
        }
        return rt.newInt(rt.sizeof(obj));
      },
    },
    getrefcount: {
      // The interpreter's value stack holds the argument, so the count includes that reference.
      fn: (rt, args, kwargs) => rt.newInt(expectOneArg('sys.getrefcount', args, kwargs).refcnt),
    },
    intern: {
      fn: (rt, args, kwargs) => {
        const str = expectOneArg('sys.intern', args, kwargs);
        if (!(str instanceof PyStr) || str.type !== rt.types.str) {
          throw new PythonError('TypeError', `intern() argument must be str, not ${str.type.name}`);
        }
        return rt.internObject(str);
      },
    },
    getallocatedblocks: {
      fn: (rt, args, kwargs) => {
        parseOptionalArgs('getallocatedblocks', [], args, kwargs);
        return rt.newInt(rt.memory.allocator.blockCount);
      },
    },
    _debugmallocstats: {
      fn: (rt, args, kwargs) => {
        parseOptionalArgs('_debugmallocstats', [], args, kwargs);
        const allocator = rt.memory.allocator;
        if (allocator instanceof PymallocAllocator) {
          rt.writeStderr(`${formatDebugMallocStats(allocator, rt.freeLists).join('\n')}\n`);
        }
        return rt.share(rt.none);
      },
    },
  },
  attributes: (rt) => ({
    maxsize: rt.newInt(2n ** 63n - 1n),
    byteorder: rt.intern('little'),
    platform: rt.intern('linux'),
    hexversion: rt.newInt(0x030b07f0),
    version: rt.newStr('3.11.7 (memkit, a model of CPython 3.11 in TypeScript)'),
  }),
};
