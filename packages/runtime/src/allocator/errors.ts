function hex(address: number): string {
  return Number.isFinite(address) && address >= 0 ? `0x${address.toString(16)}` : String(address);
}

/**
 * Error thrown when an allocator is handed an address that is not a live block (never allocated,
 * already freed, or pointing inside a block). CPython would corrupt its heap or crash here; the
 * model refuses instead, so double frees in a runtime show up at the faulty call.
 */
export class InvalidFreeError extends Error {
  readonly code = 'MEMKIT_INVALID_FREE';
  /** The offending address. */
  readonly address: number;

  constructor(address: number, operation: 'free' | 'realloc' | 'sizeOf' | 'usableSize' = 'free') {
    super(
      `${operation}(${hex(address)}): address is not a live block (never allocated, already freed, ` +
        'or not the start of a block); pass an address returned by malloc or realloc that has not been freed',
    );
    this.name = 'InvalidFreeError';
    this.address = address;
  }
}

/** Error thrown for a request size that is not a non-negative safe integer. */
export class InvalidSizeError extends Error {
  readonly code = 'MEMKIT_INVALID_SIZE';
  /** The offending size. */
  readonly size: number;

  constructor(size: number) {
    super(`invalid allocation size ${size}: a request size must be a non-negative safe integer`);
    this.name = 'InvalidSizeError';
    this.size = size;
  }
}

/** Throws `InvalidSizeError` unless `size` is a non-negative safe integer. */
export function assertValidSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new InvalidSizeError(size);
}
