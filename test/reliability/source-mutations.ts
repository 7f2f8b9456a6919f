import fc from 'fast-check';

/** One edit of a source: lines or tokens deleted, duplicated or swapped, or bytes inserted. */
export type Mutation =
  | { kind: 'deleteLine' | 'duplicateLine' | 'deleteToken' | 'duplicateToken'; at: number }
  | { kind: 'swapLines' | 'swapTokens'; at: number; other: number }
  | { kind: 'insertBytes'; at: number; bytes: number[] };

/** Characters that most often break Python's grammar, then any byte. */
const NASTY = [...'()[]{}:\'"\\\n\t\0#@=*,.;`$?!', '\r', '\x0c', '    ', 'é', '\u{1f600}'];

export const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'deleteLine' as const,
      'duplicateLine' as const,
      'deleteToken' as const,
      'duplicateToken' as const,
    ),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constantFrom('swapLines' as const, 'swapTokens' as const),
    at: fc.nat(),
    other: fc.nat(),
  }),
  fc.record({
    kind: fc.constant('insertBytes' as const),
    at: fc.nat(),
    bytes: fc.array(
      fc.oneof(
        fc.nat({ max: NASTY.length - 1 }).map((i) => -1 - i),
        fc.nat({ max: 255 }),
      ),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  }),
);

/** Words, runs of spaces, and single other characters: Python's tokens, roughly. */
function tokens(source: string): string[] {
  return source.match(/[A-Za-z_0-9]+|[ \t]+|\n|./gsu) ?? [];
}

function edit(parts: string[], mutation: Mutation): string[] {
  if (parts.length === 0) return parts;
  const out = [...parts];
  const i = mutation.at % parts.length;
  switch (mutation.kind) {
    case 'deleteLine':
    case 'deleteToken':
      out.splice(i, 1);
      break;
    case 'duplicateLine':
    case 'duplicateToken':
      out.splice(i, 0, parts[i]);
      break;
    case 'swapLines':
    case 'swapTokens': {
      const j = mutation.other % parts.length;
      [out[i], out[j]] = [out[j], out[i]];
      break;
    }
    case 'insertBytes':
      break;
  }
  return out;
}

/** `source` after `mutation` (indices wrap around, so every mutation applies). */
export function mutate(source: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case 'deleteLine':
    case 'duplicateLine':
    case 'swapLines':
      return edit(source.split('\n'), mutation).join('\n');
    case 'insertBytes': {
      const at = mutation.at % (source.length + 1);
      const text = mutation.bytes.map((b) => (b < 0 ? NASTY[-1 - b] : String.fromCharCode(b))).join('');
      return source.slice(0, at) + text + source.slice(at);
    }
    default:
      return edit(tokens(source), mutation).join('');
  }
}
