type NumberArray = Uint32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike>;
type Make<T> = (size: number, shared: boolean) => T;

const uint32: Make<Uint32Array<ArrayBufferLike>> = (n, shared) => (shared ? new Uint32Array(new SharedArrayBuffer(4 * n)) : new Uint32Array(n));
const float64: Make<Float64Array<ArrayBufferLike>> = (n, shared) => (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n));

/**
 * A typed array that grows by doubling, for per-pair numbers whose count is known only
 * once the inputs are read: 4 or 8 bytes a pair instead of a JS array's boxed slots.
 */
export class GrowingArray<T extends NumberArray> {
  private data: T;
  length = 0;

  private constructor(private readonly make: Make<T>) {
    this.data = make(1024, false);
  }

  static uint32(): GrowingArray<Uint32Array<ArrayBufferLike>> {
    return new GrowingArray(uint32);
  }

  static float64(): GrowingArray<Float64Array<ArrayBufferLike>> {
    return new GrowingArray(float64);
  }

  /** Continues from `values` (adopted, not copied): e.g. arrays shared by another thread. */
  static adopt<T extends NumberArray>(values: T): GrowingArray<T> {
    const out = new GrowingArray<T>((values instanceof Uint32Array ? uint32 : float64) as Make<T>);
    out.data = values;
    out.length = values.length;
    return out;
  }

  /** The value at i, for 0 <= i < length. */
  at(i: number): number {
    return this.data[i] as number;
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2, false);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /**
   * The values pushed so far, copied into shared memory: worker threads that are sent
   * them see the same memory, no copy each (per-pair arrays reach hundreds of MB at 10M
   * pairs).
   */
  shared(): T {
    const out = this.make(this.length, true);
    out.set(this.data.subarray(0, this.length));
    return out;
  }
}
