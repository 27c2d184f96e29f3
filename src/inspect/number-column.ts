/** An append-only column of numbers in a typed array: no boxed values, doubling growth. */
export class NumberColumn {
  private data = new Float64Array(1024);
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.size++] = value;
  }

  /** The values so far, as a view (no copy): later pushes may or may not show in it. */
  values(): Float64Array {
    return this.data.subarray(0, this.size);
  }
}
