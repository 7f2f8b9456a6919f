/**
 * File access for `Snapshot.dump` and `Snapshot.load`, injected so the core runs in a browser.
 * `@memkit/tracemalloc/node` has `nodeSnapshotIO`, which writes atomically.
 */
export interface SnapshotIO {
  read(path: string): Uint8Array;
  write(path: string, bytes: Uint8Array): void;
}
