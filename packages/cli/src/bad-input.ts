import { MemkitError } from '@memkit/runtime';

/**
 * Input a command cannot use (a missing file, a file that is not what it should be); its
 * message names the file and the problem and is printed as is, with exit status 2.
 */
export class BadInputError extends MemkitError {
  constructor(message: string) {
    super('MEMKIT_BAD_INPUT', message);
  }
}

/** Exit status for bad input, as commander uses for bad arguments and python3 for a missing script. */
export const BAD_INPUT_EXIT = 2;

/** The reason a file could not be read, in words rather than an errno name. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}
