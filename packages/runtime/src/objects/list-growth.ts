/**
 * Capacity rules of CPython 3.11's list (Objects/listobject.c). Pure functions: the list
 * object applies them to its items block.
 */

/**
 * `list_resize`: the capacity a list of capacity `allocated` and length `size` has after its
 * length becomes `newsize`, or `allocated` itself when no reallocation happens.
 */
export function resizedCapacity(allocated: number, size: number, newsize: number): number {
  if (allocated >= newsize && newsize >= allocated / 2) return allocated;
  if (newsize === 0) return 0;
  // Over-allocate by ~1/8 plus a little, rounded down to a multiple of 4 (16-byte granularity),
  // unless the request itself jumps further than that (e.g. extend by many items). Arithmetic,
  // not `>> 3` and `& ~3`: those wrap past 2^31 items and turned `list(range(10**12))`'s request
  // into a negative size instead of a MemoryError.
  const over = newsize + Math.floor(newsize / 8) + 6;
  let capacity = over - (over % 4);
  if (newsize - size > capacity - newsize) capacity = newsize + 3 - ((newsize + 3) % 4);
  return capacity;
}

/**
 * `list_preallocate_exact`: the first extend of an empty list (and `list(sized)`) allocates
 * exactly `n` slots, rounded up to even because pymalloc's 16-byte granularity makes the odd
 * slot free.
 */
export function exactCapacity(n: number): number {
  return n % 2 === 0 ? n : n + 1;
}
