import { CPYTHON_311 } from '../cpython-311';
import { PyObject } from '../object';
import type { Runtime } from '../runtime';

/**
 * A Python bytearray: the object plus a separately allocated buffer of `allocated` bytes
 * (the trailing NUL included), grown by `PyByteArray_Resize`'s rule.
 */
export class PyByteArray extends PyObject {
  data: Uint8Array = new Uint8Array(0);
  size = 0;
  allocated = 0;
  bufferAddress = 0;

  sizeof(): number {
    return CPYTHON_311.basicsize.bytearray + this.allocated;
  }

  /** Sets the length to `size`, reallocating the buffer as `PyByteArray_Resize` does (3.11). */
  resize(runtime: Runtime, size: number): void {
    let allocated: number;
    if (size + 1 <= this.allocated) {
      // A minor downsize keeps the buffer; a major one (below half) shrinks it to fit.
      if (size >= this.allocated / 2) {
        this.size = size;
        return;
      }
      allocated = size + 1;
    } else if (size <= this.allocated * 1.125) {
      allocated = size + (size >> 3) + (size < 9 ? 3 : 6);
    } else {
      allocated = size + 1;
    }
    this.bufferAddress =
      this.bufferAddress === 0
        ? runtime.memory.malloc(allocated)
        : runtime.memory.realloc(this.bufferAddress, allocated);
    const data = new Uint8Array(allocated);
    data.set(this.data.subarray(0, Math.min(this.size, size)));
    this.data = data;
    this.allocated = allocated;
    this.size = size;
  }

  /** Appends one byte (`bytearray.append`). */
  append(runtime: Runtime, byte: number): void {
    const index = this.size;
    this.resize(runtime, index + 1);
    this.data[index] = byte;
  }

  /** The current contents. */
  bytes(): Uint8Array {
    return this.data.subarray(0, this.size);
  }

  dealloc(runtime: Runtime): void {
    if (this.bufferAddress !== 0) runtime.memory.free(this.bufferAddress);
    this.bufferAddress = 0;
    runtime.freeObject(this);
  }
}
