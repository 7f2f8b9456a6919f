/** One frame of a traceback: where code was running when something happened. */
export interface Frame {
  readonly filename: string;
  readonly lineno: number;
  /** The function's name (`<module>` for module-level code). */
  readonly name: string;
}

/**
 * Supplies the current call stack, most recent frame first. The interpreter installs one that
 * reads its Python frames; without it, the TypeScript call sites of runtime operations are used.
 */
export interface FrameSource {
  capture(limit: number): Frame[];
}

// "    at fn (file:line:col)" or "    at file:line:col" (V8 stack lines).
const V8_FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):\d+\)?$/;

/**
 * Frames of the TypeScript code that called into the runtime, read from a V8 stack trace; the
 * runtime's own frames are skipped. Source maps apply when the host enables them (Node's
 * `--enable-source-maps`, vitest, tsx).
 */
export class TypeScriptFrames implements FrameSource {
  private readonly ownFiles: RegExp;

  constructor(
    ownFiles: RegExp = /[\\/]packages[\\/]runtime[\\/](src|dist)[\\/]|[\\/]@memkit[\\/]runtime[\\/]/,
  ) {
    this.ownFiles = ownFiles;
  }

  capture(limit: number): Frame[] {
    const stack = new Error().stack ?? '';
    const frames: Frame[] = [];
    for (const line of stack.split('\n')) {
      if (frames.length >= limit) break;
      const match = V8_FRAME.exec(line);
      if (match === null) continue;
      const filename = match[2].replace(/^file:\/\//, '');
      if (this.ownFiles.test(filename) || filename.startsWith('node:')) continue;
      frames.push({ filename, lineno: Number(match[3]), name: match[1] ?? '<module>' });
    }
    return frames;
  }
}
