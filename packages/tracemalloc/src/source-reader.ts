/**
 * Source lines for `Traceback.format`, like Python's `linecache.getline`: the line (any line
 * ending included) or `''` when the file or line cannot be read.
 */
export interface SourceReader {
  getLine(filename: string, lineno: number): string;
}

/** Reads no source: `Traceback.format` prints only the `File "…", line N` lines. */
export const NO_SOURCE: SourceReader = { getLine: () => '' };
