import { Interpreter } from '@memkit/interpreter';
import { describe, expect, it } from 'vitest';
import { initRenderer, MemoryGraphFiles, objgraphModule } from '../src/index';
import { decodePng, PNG_SIGNATURE } from './png';

/** Runs a script with `import objgraph` available; graph files land in `files`. */
function run(source: string, files = new MemoryGraphFiles()) {
  let stdout = '';
  let stderr = '';
  const interpreter = new Interpreter({
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    modules: [objgraphModule({ files })],
  });
  const { exitCode } = interpreter.run(source, 'script.py');
  return { stdout, stderr, exitCode, files };
}

const LEAKY = `import objgraph

class Leaky:
    def __repr__(self):
        return 'Leaky()'

`;

describe('import objgraph', () => {
  it('prints show_most_common_types as "%-*s %i", most common first', () => {
    const { stdout, stderr } = run(`${LEAKY}objgraph.show_most_common_types(limit=4)\n`);
    expect(stderr).toBe('');
    const lines = stdout.split('\n').slice(0, -1);
    expect(lines).toHaveLength(4);
    const width = Math.max(...lines.map((line) => line.split(' ')[0].length));
    const counts = lines.map((line) => {
      expect(line.slice(0, width + 1)).toMatch(/^\S+ +$/);
      expect(line.slice(width + 1)).toMatch(/^\d+$/);
      return Number(line.slice(width + 1));
    });
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('counts given objects, by short and long type names', () => {
    const { stdout } = run(
      `${LEAKY}x = [Leaky(), Leaky(), Leaky()]
objgraph.show_most_common_types(objects=[[], [], {}])
print(objgraph.count('Leaky'), objgraph.count('__main__.Leaky'), objgraph.count('Leaky', x[:1]))
print(objgraph.most_common_types(objects=x, shortnames=False))
`,
    );
    expect(stdout).toBe("list 2\ndict 1\n3 3 1\n[('__main__.Leaky', 3)]\n");
  });

  it('prints show_growth lines as "%-*s%9d %+9d", and nothing without growth', () => {
    const { stdout } = run(
      `${LEAKY}objgraph.show_growth()
print('--')
x = [Leaky(), Leaky(), Leaky()]
objgraph.show_growth(limit=1)
print('--')
objgraph.show_growth()
`,
    );
    const [, second, third] = stdout.split('--\n');
    expect(second).toBe('Leaky        3        +3\n');
    expect(third).toBe('');
  });

  it('finds the back-reference chain from a module to an object', () => {
    const { stdout } = run(
      `${LEAKY}x = [Leaky()]
chain = objgraph.find_backref_chain(x[0], objgraph.is_proper_module)
print(len(chain), [type(o).__name__ for o in chain])
`,
    );
    expect(stdout).toBe("4 ['module', 'dict', 'list', 'Leaky']\n");
  });

  it('writes show_backrefs DOT text to a .dot filename, leaving out the objs list', () => {
    const { stdout, files } = run(
      `${LEAKY}cache = {}
cache['leaked'] = Leaky()
objgraph.show_backrefs([cache['leaked']], filename='x.dot')
`,
    );
    const dot = files.files.get('x.dot') as string;
    // Leaky, the cache, the globals, the module, and the two functions whose __globals__ they are.
    expect(stdout).toBe('Graph written to x.dot (6 nodes)\n');
    expect(dot).toMatch(/^digraph ObjectGraph \{\n {2}node\[shape=box, style=filled, fillcolor=white\];\n/);
    expect(dot).toContain('[label="Leaky\\nLeaky()"];');
    expect(dot).toContain('[label="dict\\n1 items"];');
    expect(dot).toContain('[label="leaked",weight=2];');
    expect(dot).toContain('[label="module\\n__main__"];');
    expect(dot).not.toContain('list\\n1 items');
  });

  it('renders a PNG named by the filename extension', async () => {
    await initRenderer();
    const { stdout, files } = run(`${LEAKY}x = [Leaky()]\nobjgraph.show_refs(x, filename='g.png')\n`);
    expect(stdout).toMatch(
      /^Graph written to \/tmp\/objgraph-\d+\.dot \(\d+ nodes\)\nImage generated as g\.png\n$/,
    );
    const png = files.files.get('g.png') as Uint8Array;
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(decodePng(png).width).toBeGreaterThan(50);
  }, 60_000);
});
