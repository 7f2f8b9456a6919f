import { PythonError } from '../errors';
import type { PyType } from './type';

/** A class's MRO as a list: its `__mro__` tuple, or the base chain of a static type. */
function mroOf(cls: PyType): PyType[] {
  if (cls.mro !== null) return cls.mro.items as PyType[];
  const chain: PyType[] = [];
  for (let t: PyType | null = cls; t !== null; t = t.base) chain.push(t);
  return chain;
}

/**
 * C3 linearization (`mro_implementation`): the class, then the merge of its bases' MROs and the
 * bases list, taking each time the first head that is in no other list's tail. Raises CPython's
 * `TypeError` when no consistent order exists.
 */
export function c3Mro(bases: readonly PyType[]): PyType[] {
  const sequences = [...bases.map(mroOf), [...bases]].map((seq) => [...seq]);
  const result: PyType[] = [];
  for (;;) {
    const nonEmpty = sequences.filter((seq) => seq.length > 0);
    if (nonEmpty.length === 0) return result;
    const head = nonEmpty
      .map((seq) => seq[0])
      .find((candidate) => nonEmpty.every((seq) => seq.indexOf(candidate) <= 0));
    if (head === undefined) {
      const names = [...new Set(nonEmpty.map((seq) => seq[0].name))].join(', ');
      // CPython's message has this line break.
      throw new PythonError(
        'TypeError',
        `Cannot create a consistent method resolution\norder (MRO) for bases ${names}`,
      );
    }
    result.push(head);
    for (const seq of nonEmpty) if (seq[0] === head) seq.shift();
  }
}
