import type { PyStr } from './objects/str';

/**
 * Interned strs (`sys.intern`, identifiers, attribute names). In 3.11 the table holds its strs
 * without counting a reference ("mortal" interned strings), so an interned str is freed
 * normally and leaves the table when it dies.
 */
export class StringTable {
  private readonly table = new Map<string, PyStr>();

  get(value: string): PyStr | undefined {
    return this.table.get(value);
  }

  add(str: PyStr): void {
    str.interned = true;
    this.table.set(str.value, str);
  }

  forget(str: PyStr): void {
    if (this.table.get(str.value) === str) this.table.delete(str.value);
  }

  get size(): number {
    return this.table.size;
  }
}
