import type { PyObject } from '@memkit/runtime';

/**
 * DOT (or repr) text with object ids replaced by names — `o<id>` becomes `o{name}` and the
 * `0x…` of reprs `0x{name}` — so golden text reads like the test's variables and does not
 * depend on the allocator's addresses. Throws if an id is left unnamed.
 */
export function named(text: string, names: Record<string, PyObject>): string {
  let out = text;
  for (const [name, obj] of Object.entries(names)) {
    out = out.replaceAll(`o${obj.id}`, `o{${name}}`);
    out = out.replaceAll(`0x${obj.id.toString(16).padStart(12, '0')}`, `0x{${name}}`);
  }
  const unnamed = out.match(/o\d{5,}|0x[0-9a-f]{12}/);
  if (unnamed !== null) throw new Error(`unnamed object ${unnamed[0]} in:\n${out}`);
  return out;
}
