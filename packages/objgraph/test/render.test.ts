import type { PyObject } from '@memkit/runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  initRenderer,
  loadedRenderer,
  MemoryGraphFiles,
  Objgraph,
  type Renderer,
  RenderFailedError,
  renderSvg,
} from '../src/index';
import { HeapBuilder } from './heap-builder';
import { decodePng, PNG_SIGNATURE } from './png';

// The only tests that load the WebAssembly renderer (slow on two cores): keep them few.
let renderer: Renderer;
beforeAll(async () => {
  renderer = await initRenderer();
}, 60_000);

/** Decodes the five entities Graphviz writes, plus numeric references. */
function xmlText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, name: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (name in named) return named[name];
    return String.fromCodePoint(name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
  });
}

function textLines(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => xmlText(m[1]));
}

function svgFromShowRefs(
  h: HeapBuilder,
  objs: PyObject[],
  options: Parameters<Objgraph['showRefs']>[1] = {},
) {
  const files = new MemoryGraphFiles();
  const og = Objgraph.forRuntime(h.rt, { files, renderer });
  const result = og.showRefs(objs, { ...options, filename: 'graph.svg' });
  return { svg: files.files.get('graph.svg') as string, result, files };
}

describe('rendering', () => {
  it('renders labels with quotes, backslashes, newlines, < > &, NUL and control characters to well-formed SVG', () => {
    const h = new HeapBuilder();
    const A = h.cls('A');
    const a = h.obj(A);
    const info = 'say "hi" \\ back\n<tag> & co > 1\nnul\0 ctl\x01';
    const { svg, result } = svgFromShowRefs(h, [a], { maxDepth: 0, extraInfo: () => info });
    expect(result.messages.at(-1)).toBe('Image generated as graph.svg');
    // XML 1.0: no control characters, every & starts an entity, no < inside text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them
    expect(svg).not.toMatch(/[\x00-\x08\x0B\x0C\x0E-\x1F]/);
    expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
    expect(textLines(svg)).toEqual([
      'A',
      h.rt.repr(a),
      'say "hi" \\ back',
      '<tag> & co > 1',
      'nul\\0 ctl\uFFFD',
    ]);
    // resvg parses SVG with a strict XML parser: it would throw on malformed text.
    expect(renderer.svgToPng(svg).subarray(0, 8)).toEqual(Uint8Array.from(PNG_SIGNATURE));
  });

  it('draws a PNG at 96 dpi with the label text in the bundled font', () => {
    const h = new HeapBuilder();
    const x = h.list();
    const y = h.list(x, h.list(x));
    const files = new MemoryGraphFiles();
    const og = Objgraph.forRuntime(h.rt, { files, renderer });
    og.showRefs([y], { filename: 'graph.png', maxDepth: 1 });
    const png = files.files.get('graph.png') as Uint8Array;
    expect(png.subarray(0, 8)).toEqual(Uint8Array.from(PNG_SIGNATURE));
    const image = decodePng(png);
    const svg = renderSvg(og.showRefs([y], { maxDepth: 1, output: { write: () => {} } }).dot);
    const [, widthPt, heightPt] = svg.match(/<svg width="([\d.]+)pt" height="([\d.]+)pt"/) ?? [];
    expect(image.width).toBe(Math.round((Number(widthPt) * 96) / 72));
    expect(image.height).toBe(Math.round((Number(heightPt) * 96) / 72));
    // The start node: a white box whose label Graphviz colours red (fontcolor=red).
    const [, tx, ty] = svg.match(/translate\(([\d.]+) ([\d.]+)\)/) ?? [];
    const node = svg.slice(svg.indexOf(`<title>o${y.id}</title>`));
    const points = (node.match(/points="([^"]+)"/) as RegExpMatchArray)[1]
      .split(' ')
      .map((p) => p.split(',').map(Number));
    const px = (v: number, t: string) => Math.round(((v + Number(t)) * 96) / 72);
    const xs = points.map(([x]) => px(x, tx));
    const ys = points.map(([, y]) => px(y, ty));
    let red = 0;
    for (let row = Math.min(...ys) + 3; row < Math.max(...ys) - 3; row++) {
      for (let col = Math.min(...xs) + 3; col < Math.max(...xs) - 3; col++) {
        const i = (row * image.width + col) * 4;
        const [r, g, b] = image.pixels.subarray(i, i + 3);
        if (r > 150 && g < 110 && b < 110) red++;
      }
    }
    expect(red).toBeGreaterThan(40);
  });

  it('writes Graphviz text formats, and reloads after a Graphviz error', async () => {
    const plain = renderer.render('digraph { a -> b }', 'plain') as string;
    expect(plain.startsWith('graph ')).toBe(true);
    expect(() => renderer.render('digraph { a -> }', 'svg')).toThrow(RenderFailedError);
    expect(loadedRenderer()).toBeNull();
    renderer = await initRenderer();
    expect(renderer.render('digraph { a -> b }', 'svg')).toContain('<svg');
  });
});
