type NumberArray = Uint32Array | Float64Array;

/**
 * A typed array that grows by doubling, for per-pair numbers whose count is known only
 * once the inputs are read: 4 or 8 bytes a pair instead of a JS array's boxed slots.
 */
export class GrowingArray<T extends NumberArray> {
  private data: T;
  length = 0;

  constructor(private readonly make: (size: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed so far, trimmed to length (a copy only when the buffer has room left). */
  done(): T {
    return this.length === this.data.length ? this.data : (this.data.slice(0, this.length) as T);
  }
}
