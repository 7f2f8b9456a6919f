// CPython 3.11 Python/hashtable.c, 64-bit: sizeof(_Py_hashtable_t) is 80 (three size_t/pointer
// fields, five function pointers, the two-pointer allocator), an entry 32 (next, hash, key,
// value), a bucket one pointer.
const TABLE_SIZE = 80;
const ENTRY_SIZE = 32;
const BUCKET_SIZE = 8;
const MIN_SIZE = 16;
const HIGH = 0.5;
const LOW = 0.1;

/**
 * The size `_Py_hashtable_size()` reports for one of tracemalloc's tables, following its entry
 * count through inserts and removals: it grows when the load passes 0.5 and shrinks below 0.1,
 * to the power of two above `nentries * 2.0 / (0.1 + 0.5)` (HASHTABLE_REHASH_FACTOR is a macro,
 * so the expression is evaluated left to right, as here).
 */
export class ModelledHashtable {
  private entries = 0;
  private buckets = MIN_SIZE;

  get size(): number {
    return TABLE_SIZE + this.buckets * BUCKET_SIZE + this.entries * ENTRY_SIZE;
  }

  add(): void {
    this.entries += 1;
    if (this.entries / this.buckets > HIGH) this.rehash();
  }

  remove(): void {
    this.entries -= 1;
    if (this.entries / this.buckets < LOW) this.rehash();
  }

  clear(): void {
    this.entries = 0;
    this.rehash();
  }

  /** Sets the count of an insert-only table (interned tracebacks, filenames) to `n`. */
  growTo(n: number): void {
    while (this.entries < n) this.add();
  }

  private rehash(): void {
    this.buckets = roundSize(Math.floor((this.entries * 2.0) / (LOW + HIGH)));
  }
}

function roundSize(s: number): number {
  if (s < MIN_SIZE) return MIN_SIZE;
  let size = MIN_SIZE;
  while (size < s) size *= 2;
  return size;
}
