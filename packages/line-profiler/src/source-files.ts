/**
 * Source text of the files profiled functions live in, like Python's `linecache.getlines`:
 * the lines without their endings, or null when the file cannot be read.
 */
export interface SourceFiles {
  getLines(filename: string): readonly string[] | null;
}

/** Source files held in memory (scripts run from a string, tests, a browser). */
export class MemorySourceFiles implements SourceFiles {
  private readonly files = new Map<string, readonly string[]>();

  /** Adds or replaces a file's text, split on universal newlines. */
  set(filename: string, text: string): this {
    this.files.set(filename, splitLines(text));
    return this;
  }

  getLines(filename: string): readonly string[] | null {
    return this.files.get(filename) ?? null;
  }
}

/** Reads no source: tables show empty Line Contents. */
export const NO_SOURCE_FILES: SourceFiles = { getLines: () => null };

/** Lines of a file's text split on `\r\n`, `\r` and `\n`, without a last empty line. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
