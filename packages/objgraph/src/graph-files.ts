/**
 * Where `show_refs`/`show_backrefs` write their files. The graph logic runs in browsers too, so
 * files sit behind this interface: Node programs use `nodeGraphFiles()`, tests and browsers pass
 * their own (an in-memory map, a download, …).
 */
export interface GraphFiles {
  writeText(path: string, text: string): void;
  writeBytes(path: string, data: Uint8Array): void;
  /**
   * `tempfile.mkstemp(prefix=…, suffix=…)`: creates a new empty file with a unique name in the
   * temporary directory and returns its path.
   */
  makeTemp(prefix: string, suffix: string): string;
}

/** Graph files in memory, by path (for tests and hosts without a file system). */
export class MemoryGraphFiles implements GraphFiles {
  readonly files = new Map<string, string | Uint8Array>();
  private next = 0;

  writeText(path: string, text: string): void {
    this.files.set(path, text);
  }

  writeBytes(path: string, data: Uint8Array): void {
    this.files.set(path, data);
  }

  makeTemp(prefix: string, suffix: string): string {
    const path = `/tmp/${prefix}${String(this.next++).padStart(8, '0')}${suffix}`;
    this.files.set(path, '');
    return path;
  }
}

/**
 * Graph files on the local file system (UTF-8 text, temporary files in `os.tmpdir()`). Async
 * only because it loads `node:fs` on demand, which keeps this package importable in browsers.
 */
export async function nodeGraphFiles(): Promise<GraphFiles> {
  const [fs, os, path, crypto] = await Promise.all([
    import('node:fs'),
    import('node:os'),
    import('node:path'),
    import('node:crypto'),
  ]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789_';
  // Written beside the target and renamed over it, so a failed write leaves no partial graph.
  const writeAtomic = (file: string, contents: string | Uint8Array) => {
    const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(temporary, contents);
      fs.renameSync(temporary, file);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      throw error;
    }
  };
  return {
    writeText: (file, text) => writeAtomic(file, text),
    writeBytes: (file, data) => writeAtomic(file, data),
    makeTemp: (prefix, suffix) => {
      for (;;) {
        const random = Array.from(crypto.randomBytes(8), (b) => alphabet[b % alphabet.length]).join('');
        const file = path.join(os.tmpdir(), `${prefix}${random}${suffix}`);
        try {
          fs.closeSync(fs.openSync(file, 'wx', 0o600));
          return file;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
    },
  };
}
