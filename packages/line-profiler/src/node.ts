import { readFileSync } from 'node:fs';
import { type SourceFiles, splitLines } from './source-files';

/** Source lines from the local files, each read once, like `linecache`. */
export class NodeSourceFiles implements SourceFiles {
  private readonly files = new Map<string, readonly string[] | null>();

  getLines(filename: string): readonly string[] | null {
    let lines = this.files.get(filename);
    if (lines === undefined) {
      try {
        lines = splitLines(readFileSync(filename, 'utf8'));
      } catch {
        lines = null;
      }
      this.files.set(filename, lines);
    }
    return lines;
  }
}
