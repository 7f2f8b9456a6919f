import { isOrderedDictType, type ModuleDefinition, PyDict, PythonError } from '@memkit/runtime';
import { truthy } from '../eval/operators';
import { keyError } from '../eval/raise';
import type { Vm } from '../eval/vm';

/**
 * `_collections`: the native half of `collections`, for what its Python classes cannot do with
 * dict operations alone — `OrderedDict.move_to_end`, which reorders without reallocating.
 */
export function collectionsNativeModule(vm: Vm): ModuleDefinition {
  const rt = vm.runtime;
  return {
    name: '_collections',
    functions: {
      _odict_move_to_end: {
        fn: (_rt, args) => {
          const [od, key, last] = args;
          if (!(od instanceof PyDict) || !isOrderedDictType(od.type))
            throw new PythonError('TypeError', '_odict_move_to_end() needs an OrderedDict');
          if (!od.moveToEnd(key, last === undefined || truthy(vm, last))) throw keyError(rt, key);
          return rt.share(rt.none);
        },
      },
    },
  };
}
