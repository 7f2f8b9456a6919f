import { PythonError } from './errors';

/** errno, `strerror()` text and the OSError subclass CPython raises, by Node's error code (Linux numbering). */
const ERRNO: Record<string, readonly [errno: number, strerror: string, type: string]> = {
  ENOENT: [2, 'No such file or directory', 'FileNotFoundError'],
  EACCES: [13, 'Permission denied', 'PermissionError'],
  EPERM: [1, 'Operation not permitted', 'PermissionError'],
  EEXIST: [17, 'File exists', 'OSError'],
  ENOTDIR: [20, 'Not a directory', 'NotADirectoryError'],
  EISDIR: [21, 'Is a directory', 'IsADirectoryError'],
  ENOSPC: [28, 'No space left on device', 'OSError'],
  EROFS: [30, 'Read-only file system', 'OSError'],
  ENAMETOOLONG: [36, 'File name too long', 'OSError'],
};

/**
 * The Python exception `open(filename)` raises for a host file-system error (`FileNotFoundError:
 * [Errno 2] No such file or directory: 'x.snap'`), naming the file the program gave, not a
 * temporary file the host wrote first. Errors that carry no errno code pass through unchanged.
 */
export function toPythonOSError(error: unknown, filename: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
  const [errno, strerror, type] = ERRNO[code] ?? [0, code, 'OSError'];
  const quoted = filename.includes("'") && !filename.includes('"') ? `"${filename}"` : `'${filename}'`;
  return new PythonError(type, `[Errno ${errno}] ${strerror}: ${quoted}`);
}
