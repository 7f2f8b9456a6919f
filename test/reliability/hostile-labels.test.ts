/**
 * Hostile labels: reprs, dict keys and extra info carrying quotes, backslashes, newlines, CR,
 * HTML/`<script>`, XML specials, Graphviz escapes (`\N`, `\l`), NUL, control characters, a
 * lone surrogate and bidi overrides, drawn by objgraph's `show_refs` to DOT, SVG and PNG. The
 * DOT must parse (Graphviz renders it), the SVG must be well-formed XML whose elements are only
 * Graphviz's own (user text stays text), and the PNG must decode.
 */
import { Interpreter } from '@memkit/interpreter';
import { initRenderer, MemoryGraphFiles, objgraphModule, type Renderer } from '@memkit/objgraph';
import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePng, PNG_SIGNATURE } from '../../packages/objgraph/test/png';

const HOSTILE = [
  '"',
  '\\\\',
  '\\\\"',
  'a\\nb',
  'a\\rb',
  '<script>alert(1)</script>',
  '<b>bold</b><!-- c -->',
  '&amp; &lt; & &#0;',
  ']]><![CDATA[x',
  '{a|b} <port>',
  '\\\\N \\\\G \\\\l \\\\L \\\\E',
  '\\x00nul',
  '\\x01\\x02\\x0b\\x1b[31m\\x7f',
  '\\u202eevil',
  '\\ud800 lone',
  "'",
  '%s %d {0}',
];

const SCRIPT = `import objgraph

class Hostile:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return self.text

root = {}
for text in [${HOSTILE.map((t) => `'${t.replaceAll("'", "\\'")}'`).join(', ')}]:
    root[text] = Hostile(text)
for name in ('refs.dot', 'refs.svg', 'refs.png'):
    objgraph.show_refs([root], filename=name, max_depth=1, too_many=100, extra_info=lambda o: getattr(o, 'text', ''))
`;

/** Graphviz's SVG vocabulary: anything else would be markup that came from a label. */
const GRAPHVIZ_ELEMENTS = new Set(['svg', 'g', 'title', 'polygon', 'polyline', 'path', 'ellipse', 'text']);

let renderer: Renderer;
let files: MemoryGraphFiles;
let stderr = '';

beforeAll(async () => {
  renderer = await initRenderer();
  files = new MemoryGraphFiles();
  const interpreter = new Interpreter({
    stdout: () => {},
    stderr: (text) => {
      stderr += text;
    },
    modules: [objgraphModule({ files })],
  });
  expect(interpreter.run(SCRIPT, 'labels.py').exitCode).toBe(0);
}, 60_000);

describe('hostile labels in objgraph graphs', () => {
  it('give DOT that Graphviz parses, with every hostile object drawn', () => {
    expect(stderr).toBe('');
    const dot = files.files.get('refs.dot') as string;
    const svg = renderer.render(dot, 'svg') as string;
    // The dict and its HOSTILE.length values.
    expect(svg.match(/class="node"/g)?.length).toBe(HOSTILE.length + 1);
    // Edge labels are reprs of the keys: a bidi override and a lone surrogate arrive escaped
    // (repr('\u202eevil') == "'\\u202eevil'"), as python3 escapes them.
    expect(dot).toContain("'\\\\u202eevil'");
    expect(dot).toContain("'\\\\ud800 lone'");
  });

  it('give well-formed SVG where user text stays text', () => {
    const svg = files.files.get('refs.svg') as string;
    const elements = new Set<string>();
    const texts: string[] = [];
    const attributes: string[] = [];
    const parser = new SaxesParser();
    parser.on('opentag', (tag) => {
      elements.add(tag.name);
      attributes.push(...Object.keys(tag.attributes));
    });
    parser.on('text', (text) => texts.push(text));
    parser.on('error', (error) => {
      throw error;
    });
    parser.write(svg).close();
    expect([...elements].filter((name) => !GRAPHVIZ_ELEMENTS.has(name))).toEqual([]);
    expect(attributes.filter((name) => /^on/i.test(name))).toEqual([]);
    // The markup arrived as characters, escaped by the SVG writer.
    expect(texts).toContain('<script>alert(1)</script>');
    expect(svg).not.toContain('<script');
  });

  it('give a PNG that decodes', () => {
    const png = files.files.get('refs.png') as Uint8Array;
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const image = decodePng(png);
    expect(image.width).toBeGreaterThan(100);
    expect(image.height).toBeGreaterThan(100);
  });
});
