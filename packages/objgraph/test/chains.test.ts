import { PyModule } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { Objgraph } from '../src/index';
import { HeapBuilder } from './heap-builder';

describe('reference chains', () => {
  it('finds the shortest chain back to a proper module, and forward to a match', () => {
    const h = new HeapBuilder();
    const module = h.rt.newModule(h.rt.intern('app'));
    const og = Objgraph.forRuntime(h.rt, { host: { sysModule: (name) => (name === 'app' ? module : null) } });
    const leaf = h.list();
    const middle = h.list(h.list(leaf), leaf);
    module.dict?.set(h.rt, h.rt.intern('cache'), h.rt.share(middle));
    const chain = og.findBackrefChain(leaf, (o) => og.isProperModule(o));
    expect(chain).toEqual([module, module.dict, middle, leaf]);
    expect(og.findRefChain(module, (o) => o === leaf)).toEqual([module, module.dict, middle, leaf]);
    expect(og.findBackrefChain(leaf, (o) => og.isProperModule(o), { maxDepth: 2 })).toEqual([leaf]);
    expect(og.findBackrefChain(leaf, (o) => o instanceof PyModule, { extraIgnore: [middle.id] })).toEqual([
      leaf,
    ]);
  });

  it('tells proper modules from module objects missing from sys.modules', () => {
    const h = new HeapBuilder();
    const proper = h.rt.newModule(h.rt.intern('types'));
    const stray = h.rt.newModule(h.rt.intern('foo'));
    const og = Objgraph.forRuntime(h.rt, { host: { sysModule: (n) => (n === 'types' ? proper : null) } });
    expect(og.isProperModule(proper)).toBe(true);
    expect(og.isProperModule(stray)).toBe(false);
    expect(og.isProperModule(h.list())).toBe(false);
  });
});
