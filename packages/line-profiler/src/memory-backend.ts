import { MIB } from './format-mib';

/**
 * Where "Mem usage" comes from: memory_profiler's process backends read the runtime's resident
 * bytes (its RSS model); `tracemalloc` reads the bytes live blocks requested.
 */
export type MemoryBackend = 'psutil' | 'psutil_pss' | 'psutil_uss' | 'posix' | 'tracemalloc';

export const MEMORY_BACKENDS: readonly MemoryBackend[] = [
  'tracemalloc',
  'psutil',
  'psutil_pss',
  'psutil_uss',
  'posix',
];

/** The runtime's two memory totals. */
export interface MemoryTotals {
  readonly residentBytes: number;
  readonly requestedBytes: number;
}

/** `_get_memory(-1, backend)`: memory in MiB as the backend reads it. */
export function memoryMib(memory: MemoryTotals, backend: MemoryBackend): number {
  return (backend === 'tracemalloc' ? memory.requestedBytes : memory.residentBytes) / MIB;
}
