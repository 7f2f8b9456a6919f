import { describe, expect, it } from 'vitest';
import { AddressSlots } from '../src/address-slots';

function order(slots: AddressSlots): number[] {
  const out: number[] = [];
  slots.forEachSlot((slot) => out.push(slot));
  return out;
}

describe('AddressSlots', () => {
  it('iterates as a Map that deletes and sets again would', () => {
    const slots = new AddressSlots();
    slots.add(0x10, 0);
    slots.add(0x20, 1);
    slots.add(0x30, 2);
    expect(slots.delete(0x10)).toBe(0);
    expect(slots.delete(0x10)).toBe(-1);
    expect(slots.get(0x10)).toBe(-1);
    slots.add(0x10, 0);
    expect(order(slots)).toEqual([1, 2, 0]);
    expect(slots.size).toBe(3);
  });

  it('matches a Map over a churn of reused addresses, across sweeps of the freed entries', () => {
    const slots = new AddressSlots();
    const model = new Map<number, number>();
    let nextSlot = 0;
    const free: number[] = [];
    // A linear congruential sequence: deterministic, and reuses a small set of addresses heavily.
    let seed = 12345;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const address = 0x7f3a_0000_0000 + 16 * (seed % 3000);
      if (model.has(address) && seed % 3 !== 0) {
        const slot = model.get(address) as number;
        model.delete(address);
        free.push(slot);
        expect(slots.delete(address)).toBe(slot);
      } else if (!model.has(address)) {
        const slot = free.pop() ?? nextSlot++;
        model.set(address, slot);
        slots.add(address, slot);
      }
    }
    expect(slots.size).toBe(model.size);
    expect(order(slots)).toEqual([...model.values()]);
    for (const [address, slot] of model) expect(slots.get(address)).toBe(slot);
  });
});
