import { type PyObject, PythonError } from '@memkit/runtime';
import { describe, expect, it } from 'vitest';
import { MemoryGraphFiles, Objgraph, RendererNotReadyError, renderSvg } from '../src/index';
import { HeapBuilder } from './heap-builder';
import { named } from './named';

function dotOf(og: Objgraph, call: 'showRefs' | 'showBackrefs', objs: PyObject[], options = {}): string {
  let text = '';
  og[call](objs, { ...options, output: { write: (t: string) => (text += t) } });
  return text;
}

describe('show_refs / show_backrefs DOT', () => {
  it("draws objgraph's README example: depth colours and dict-key edge labels", () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    // x = []; y = [x, [x], dict(x=x)]
    const x = h.list();
    const xl = h.list(x);
    const d = h.dict([h.rt.intern('x'), x]);
    const y = h.list(x, xl, d);
    expect(named(dotOf(og, 'showRefs', [y]), { x, xl, d, y })).toBe(
      [
        'digraph ObjectGraph {',
        '  node[shape=box, style=filled, fillcolor=white];',
        '  o{y}[fontcolor=red];',
        '  o{y}[label="list\\n3 items"];',
        '  o{y}[fillcolor="0,0,1"];',
        // list_traverse visits items last to first
        '  o{y} -> o{d};',
        '  o{y} -> o{xl};',
        '  o{y} -> o{x};',
        '  o{d}[label="dict\\n1 items"];',
        '  o{d}[fillcolor="0,0,0.766667"];',
        '  o{d} -> o{x} [label="x",weight=2];',
        '  o{xl}[label="list\\n1 items"];',
        '  o{xl}[fillcolor="0,0,0.766667"];',
        '  o{xl} -> o{x};',
        '  o{x}[label="list\\n0 items"];',
        '  o{x}[fillcolor="0,0,0.766667"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('labels dict edges by identifier key, or by key type and short repr, leaving key edges bare', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const [name, num, words, pair] = [
      h.str('name'),
      h.int(42),
      h.str('two words'),
      h.rt.newTuple([h.int(1), h.int(2)]),
    ];
    const [v1, v2, v3, v4] = [h.list(), h.list(), h.list(), h.list()];
    const d = h.dict([name, v1], [num, v2], [words, v3], [pair, v4]);
    const dot = named(dotOf(og, 'showRefs', [d], { maxDepth: 1 }), {
      d,
      name,
      num,
      words,
      pair,
      v1,
      v2,
      v3,
      v4,
    });
    expect(dot.split('\n').filter((line) => line.includes('->'))).toEqual([
      '  o{d} -> o{name};',
      '  o{d} -> o{v1} [label="name",weight=2];',
      '  o{d} -> o{num};',
      '  o{d} -> o{v2} [label="int\\n42"];',
      '  o{d} -> o{words};',
      `  o{d} -> o{v3} [label="str\\n'two words'"];`,
      '  o{d} -> o{pair};',
      '  o{d} -> o{v4} [label="tuple\\n2 items"];',
    ]);
    expect(dot).toContain(`  o{words}[label="str\\n'two words'"];`);
    expect(dot).toContain('  o{num}[label="int\\n42"];');
    // Depth 1 of 1 is the end of the gradient: dark grey with white text.
    expect(dot).toContain('  o{v1}[fillcolor="0,0,0.3"];\n  o{v1}[fontcolor=white];');
  });

  it('marks __del__, colours modules green, stops backrefs at proper modules and labels __dict__', () => {
    const h = new HeapBuilder();
    const module = h.rt.newModule(h.rt.intern('app'));
    const og = Objgraph.forRuntime(h.rt, { host: { sysModule: (n) => (n === 'app' ? module : null) } });
    const Finalized = h.cls('Finalized', () => {});
    const a = h.obj(Finalized);
    const ns = module.dict as PyObject;
    module.dict?.set(h.rt, h.rt.intern('a'), h.rt.share(a));
    const holder = h.list(a);
    expect(named(dotOf(og, 'showBackrefs', [a]), { a, ns, module, holder })).toBe(
      [
        'digraph ObjectGraph {',
        '  node[shape=box, style=filled, fillcolor=white];',
        '  o{a}[fontcolor=red];',
        // repr(obj)[:40], without an ellipsis, as objgraph cuts it
        `  o{a}[label="Finalized\\n${`<__main__.Finalized object at 0x${a.id.toString(16).padStart(12, '0')}>`.slice(0, 40)}"];`,
        '  o{a}[fillcolor="0,0,1"];',
        '  o{a}->o{a}_has_a_del[color=red,style=dotted,len=0.25,weight=10];',
        '  o{a}_has_a_del[label="__del__",shape=doublecircle,height=0.25,color=red,fillcolor="0,.5,1",fontsize=6];',
        '  o{ns} -> o{a} [label="a",weight=2];',
        '  o{holder} -> o{a};',
        '  o{ns}[label="dict\\n6 items"];',
        '  o{ns}[fillcolor="0,0,0.766667"];',
        '  o{module} -> o{ns} [label="__dict__",weight=10];',
        '  o{holder}[label="list\\n1 items"];',
        '  o{holder}[fillcolor="0,0,0.766667"];',
        '  o{module}[label="module\\napp"];',
        '  o{module}[fillcolor="0.3,1,0.533333"];',
        '}',
        '',
      ].join('\n'),
    );
    // show_refs does not stop at modules.
    expect(dotOf(og, 'showRefs', [module], { maxDepth: 1 })).toContain(`o${module.id} -> o${ns.id}`);
  });

  it('counts references past too_many in a red "N more" box, both ways', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const t = h.list();
    const holders = Array.from({ length: 12 }, () => h.list(t));
    const back = dotOf(og, 'showBackrefs', [t], { maxDepth: 1 });
    expect(back.split('\n').filter((line) => line.endsWith(`-> o${t.id};`))).toHaveLength(10);
    // The box follows the node's own edges, before the next node is described.
    const tooMany = back.split('\n').filter((line) => line.includes('too_many'));
    expect(named(tooMany.join('\n'), { t })).toBe(
      [
        '  too_many_o{t}->o{t}[color=red,style=dotted,len=0.25,weight=10];',
        '  too_many_o{t}[label="2 more backreferences",shape=box,height=0.25,color=red,fillcolor="0,1,0.3",fontsize=6];',
        '  too_many_o{t}[fontcolor=white];',
      ].join('\n'),
    );
    expect(back.indexOf('too_many')).toBeLessThan(back.indexOf(`o${holders[0].id}[label=`));
    const big = h.list(...holders);
    const refs = named(dotOf(og, 'showRefs', [big], { tooMany: 3, maxDepth: 2 }), {
      big,
      t,
      ...Object.fromEntries(holders.map((o, i) => [`h${i}`, o])),
    });
    expect(refs).toContain(
      '  o{big}->too_many_o{big}[color=red,style=dotted,len=0.25,weight=10];\n' +
        '  too_many_o{big}[label="9 more references",shape=box,height=0.25,color=red,fillcolor="0,1,0.65",fontsize=6];\n' +
        '  too_many_o{big}[fontcolor=white];',
    );
  });

  it('highlights in blue, adds extra info, refcounts, long names and extra node attributes', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const A = h.cls('A');
    const a = h.obj(A);
    const x = h.list(a);
    const dot = dotOf(og, 'showRefs', [x], {
      maxDepth: 2,
      highlight: (o: PyObject) => o === a,
      extraInfo: (o: PyObject) => `size ${h.rt.sizeof(o)}`,
      refcounts: true,
      shortnames: false,
      extraNodeAttrs: (o: PyObject) => (o === a ? { tooltip: 'the "A"', URL: null, color: 'blue' } : {}),
      filter: (o: PyObject) => o !== A,
    });
    expect(named(dot, { a, x })).toBe(
      [
        'digraph ObjectGraph {',
        '  node[shape=box, style=filled, fillcolor=white];',
        '  o{x}[fontcolor=red];',
        '  o{x}[label="builtins.list [1]\\n1 items\\nsize 64"];',
        '  o{x}[fillcolor="0,0,1"];',
        '  o{x} -> o{a};',
        '  o{a}[label="__main__.A [2]\\n<__main__.A object at 0x{a}>\\nsize 56", color="blue", tooltip="the \\"A\\""];',
        '  o{a}[fillcolor="0.6,0.6,0.825"];',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('repeats a start object given twice, as objgraph does', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const x = h.list();
    const slice = og.graph([x, x], 'refs');
    expect(slice.nodes.map((n) => n.object)).toEqual([x, x]);
    expect(named(dotOf(og, 'showRefs', [x, x]), { x }).match(/fontcolor=red/g)).toHaveLength(2);
  });
});

describe('show_refs output selection', () => {
  it('writes .dot files directly, and refuses output together with filename', () => {
    const h = new HeapBuilder();
    const files = new MemoryGraphFiles();
    const og = Objgraph.forRuntime(h.rt, { files, renderer: null });
    const x = h.list();
    const result = og.showRefs([x], { filename: 'graph.dot' });
    expect(result.messages).toEqual(['Graph written to graph.dot (1 nodes)']);
    expect(files.files.get('graph.dot')).toBe(result.dot);
    expect(() => og.showRefs([x], { filename: 'a.dot', output: { write: () => {} } })).toThrow(
      new PythonError('ValueError', 'Cannot specify both output and filename.'),
    );
  });

  it('uses the process renderer only once initRenderer() has loaded it', () => {
    const h = new HeapBuilder();
    const files = new MemoryGraphFiles();
    const og = Objgraph.forRuntime(h.rt, { files });
    expect(() => renderSvg('digraph { a }')).toThrow(RendererNotReadyError);
    expect(og.showRefs([h.list()], { filename: 'graph.svg' }).messages.at(-1)).toBe(
      'Image renderer (dot) not found, not doing anything else',
    );
  });

  it("prints objgraph's messages when no renderer is there", () => {
    const h = new HeapBuilder();
    const files = new MemoryGraphFiles();
    const og = Objgraph.forRuntime(h.rt, { files, renderer: null });
    const x = h.list();
    expect(og.showRefs([x], { filename: 'graph.png' }).messages).toEqual([
      'Graph written to /tmp/objgraph-00000000.dot (1 nodes)',
      'Image renderer (dot) not found, not doing anything else',
    ]);
    expect(og.showBackrefs([x]).messages).toEqual([
      'Graph written to /tmp/objgraph-00000001.dot (1 nodes)',
      'Graph viewer (xdot) and image renderer (dot) not found, not doing anything else',
    ]);
  });

  it('renders through the injected renderer by extension, PNG beside the DOT file without a filename', () => {
    const h = new HeapBuilder();
    const files = new MemoryGraphFiles();
    const calls: string[] = [];
    const renderer = {
      formats: ['png', 'svg'],
      render: (dot: string, format: string) => {
        calls.push(format);
        return format === 'png' ? new Uint8Array([137, 80]) : `<svg>${dot.length}</svg>`;
      },
    };
    const og = Objgraph.forRuntime(h.rt, { files, renderer });
    const x = h.list();
    const svg = og.showRefs([x], { filename: 'out/graph.svg' });
    expect(svg.messages).toEqual([
      'Graph written to /tmp/objgraph-00000000.dot (1 nodes)',
      'Image generated as out/graph.svg',
    ]);
    expect(files.files.get('out/graph.svg')).toBe(`<svg>${svg.dot.length}</svg>`);
    const png = og.showRefs([x]);
    expect(png.messages).toEqual([
      'Graph written to /tmp/objgraph-00000001.dot (1 nodes)',
      'Graph viewer (xdot) not found, generating a png instead',
      'Image generated as /tmp/objgraph-00000001.png',
    ]);
    expect(files.files.get('/tmp/objgraph-00000001.png')).toEqual(new Uint8Array([137, 80]));
    const pdf = og.showRefs([x], { filename: 'graph.pdf' });
    expect(pdf.messages.at(-1)).toBe(
      'dot failed (exit code 1) while executing "dot -Tpdf -ograph.pdf /tmp/objgraph-00000002.dot"',
    );
    expect(pdf.errors).toEqual(['Format: "pdf" not recognized. Use one of: png svg']);
    expect(calls).toEqual(['svg', 'png']);
  });

  it('keeps the .dot file and throws a coded error for a graph too large to render', () => {
    const h = new HeapBuilder();
    const files = new MemoryGraphFiles();
    const renderer = { formats: ['png'], render: () => new Uint8Array() };
    const og = Objgraph.forRuntime(h.rt, { files, renderer, maxRenderNodes: 5 });
    const x = h.list(...Array.from({ length: 6 }, () => h.list()));
    let error: unknown;
    try {
      og.showRefs([x], { filename: 'big.png' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'MEMKIT_GRAPH_TOO_LARGE',
      dotFilename: '/tmp/objgraph-00000000.dot',
      messages: ['Graph written to /tmp/objgraph-00000000.dot (7 nodes)'],
    });
    expect(files.files.get('/tmp/objgraph-00000000.dot')).toContain('digraph ObjectGraph');
    expect(files.files.has('big.png')).toBe(false);
  });
});

describe('show_chain', () => {
  it('draws only the chain, as deep as the longest chain', () => {
    const h = new HeapBuilder();
    const og = Objgraph.forRuntime(h.rt);
    const leaf = h.list();
    const mid = h.list(leaf, h.list(leaf));
    const top = h.list(mid);
    const chain = og.findBackrefChain(leaf, (o) => o === top);
    expect(chain).toEqual([top, mid, leaf]);
    let dot = '';
    og.showChain([chain, []], { output: { write: (t) => (dot += t) } });
    const edges = named(dot, { top, mid, leaf })
      .split('\n')
      .filter((line) => line.includes(' -> '));
    expect(edges).toEqual(['  o{mid} -> o{leaf};', '  o{top} -> o{mid};']);
    expect(() => og.showChain([[]])).toThrow('max() arg is an empty sequence');
  });
});
