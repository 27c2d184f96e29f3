import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { clock, ProgressLine } from '../../src/cli/progress.js';

/** A terminal-like stream that keeps what it was given. */
function screen(columns?: number): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  Object.assign(stream, { columns });
  return { stream, text: () => text };
}

const REDRAW = '\r\x1b[2K';

describe('ProgressLine', () => {
  it('draws a new phase at once, then at most every 100 ms, and always the last step', () => {
    const s = screen();
    let now = 0;
    const line = new ProgressLine(s.stream, true, () => now);
    line.augmenting({ phase: 'build', done: 0, total: 100, mosaics: 0 });
    now = 50;
    line.augmenting({ phase: 'build', done: 10, total: 100, mosaics: 3 });
    now = 100;
    line.augmenting({ phase: 'build', done: 50, total: 100, mosaics: 10 });
    now = 120;
    line.augmenting({ phase: 'build', done: 100, total: 100, mosaics: 20 });
    const draws = s.text().split(REDRAW).slice(1);
    expect(draws).toEqual([
      'building  [....................]   0%  0/100 pairs placed  0 mosaics',
      // 50 pairs in 0.1 s: 500 pairs/s, 50 to go: 0.1 s, shown as a whole second.
      'building  [##########..........]  50%  50/100 pairs placed  10 mosaics  500 pairs/s  ETA 0:01',
      'building  [####################] 100%  100/100 pairs placed  20 mosaics  833 pairs/s  ETA 0:00',
    ]);
  });

  it('shows bytes against the total while reading, and clears the line when finished', () => {
    const s = screen();
    let now = 0;
    const line = new ProgressLine(s.stream, true, () => now, 4_000_000);
    line.reading({ input: 0, records: 0, pairs: 0, bytes: 0 });
    now = 1000;
    line.reading({ input: 0, records: 5000, pairs: 4990, bytes: 1_000_000 });
    line.finish();
    expect(s.text().split(REDRAW).slice(1)).toEqual(['reading   0 pairs  0.0/4.0 MB', 'reading   4,990 pairs  1.0/4.0 MB  1.0 MB/s  ETA 0:03', '']);
  });

  it('cuts a line wider than the terminal so that it never wraps', () => {
    const s = screen(30);
    const line = new ProgressLine(s.stream, true, () => 0);
    line.augmenting({ phase: 'count', done: 5, total: 10 });
    const drawn = s.text().split(REDRAW)[1] ?? '';
    expect(drawn).toHaveLength(29);
  });

  it('writes nothing when disabled', () => {
    const s = screen();
    const line = new ProgressLine(s.stream, false, () => 0);
    line.reading({ input: 0, records: 1, pairs: 1, bytes: 10 });
    line.augmenting({ phase: 'count', done: 1, total: 2 });
    line.finish();
    expect(s.text()).toBe('');
  });

  it('formats times as m:ss or h:mm:ss', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(61.2)).toBe('1:02');
    expect(clock(3 * 3600 + 5)).toBe('3:00:05');
  });
});
