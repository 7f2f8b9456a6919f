import type { PyObject } from '@memkit/runtime';
import type { EdgeLabel, GraphSlice, Hsv } from './graph-slice';
import { formatG } from './python-format';

/**
 * The DOT text of a graph slice, statement for statement as objgraph's `_show_graph` writes it,
 * so a `.dot` file from memkit diffs cleanly against one from CPython's objgraph (ids aside).
 */
export function formatDot(slice: GraphSlice): string {
  const out: string[] = ['digraph ObjectGraph {', '  node[shape=box, style=filled, fillcolor=white];'];
  for (const obj of slice.starts) out.push(`  ${nodeId(obj)}[fontcolor=red];`);
  for (const node of slice.nodes) {
    const id = nodeId(node.object);
    const attributes = node.attributes.map(([name, value]) => `, ${name}="${quote(value)}"`).join('');
    out.push(`  ${id}[label="${quote(node.label)}"${attributes}];`);
    out.push(`  ${id}[fillcolor="${formatHsv(node.fill)}"];`);
    if (node.fill[2] < 0.5) out.push(`  ${id}[fontcolor=white];`);
    if (node.hasDel) {
      out.push(`  ${id}->${id}_has_a_del[color=red,style=dotted,len=0.25,weight=10];`);
      out.push(
        `  ${id}_has_a_del[label="__del__",shape=doublecircle,height=0.25,color=red,fillcolor="0,.5,1",fontsize=6];`,
      );
    }
    for (const edge of node.edges) {
      out.push(`  ${nodeId(edge.source)} -> ${nodeId(edge.target)}${edgeAttributes(edge.label)};`);
    }
    if (node.skipped > 0) {
      const refs = slice.direction === 'refs';
      const edge = refs ? `${id}->too_many_${id}` : `too_many_${id}->${id}`;
      const label = `${node.skipped} more ${refs ? 'references' : 'backreferences'}`;
      out.push(`  ${edge}[color=red,style=dotted,len=0.25,weight=10];`);
      out.push(
        `  too_many_${id}[label="${label}",shape=box,height=0.25,color=red,fillcolor="${formatHsv(node.skippedFill)}",fontsize=6];`,
      );
      out.push(`  too_many_${id}[fontcolor=white];`);
    }
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Number of node boxes a slice draws (objects, `__del__` marks and "more references" boxes). */
export function drawnNodeCount(slice: GraphSlice): number {
  let n = 0;
  for (const node of slice.nodes) n += 1 + (node.hasDel ? 1 : 0) + (node.skipped > 0 ? 1 : 0);
  return n;
}

/** `_obj_node_id`: `o<id>`, a negative id's minus sign made `_`. */
export function nodeId(obj: PyObject): string {
  return `o${obj.id}`.replace('-', '_');
}

/**
 * `_quote`: backslashes, double quotes, newlines and NULs escaped for a DOT string. `<`, `>` and
 * `&` stay as they are, as objgraph leaves them: Graphviz escapes them itself in SVG output.
 */
export function quote(text: string): string {
  return text
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    .replaceAll('\0', '\\\\0');
}

/** `'%g,%g,%g'`. */
export function formatHsv([h, s, v]: Hsv): string {
  return `${formatG(h)},${formatG(s)},${formatG(v)}`;
}

function edgeAttributes(label: EdgeLabel | null): string {
  if (label === null) return '';
  const weight = label.weight === null ? '' : `,weight=${label.weight}`;
  return ` [label="${quote(label.text)}"${weight}]`;
}
