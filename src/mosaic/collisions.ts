import type { LanguagePack, MarkerStyle } from '../language/pack.js';

/**
 * Which of a pack's layout styles a text would make unreadable, as bit sets over the pack's
 * lists (bit i = style i). A reader finds where each instruction and answer starts by its
 * label, by the separator line, or by the marker lines; a text that holds a line looking
 * like one of those hides the boundary, so the composer never uses a style any text of the
 * group collides with.
 */
export interface Collisions {
  readonly numbering: number;
  readonly separators: number;
  readonly markers: number;
}

export const NO_COLLISIONS: Collisions = { numbering: 0, separators: 0, markers: 0 };

/** The union of two texts' (or groups') collisions. */
export function joinCollisions(a: Collisions, b: Collisions): Collisions {
  return { numbering: a.numbering | b.numbering, separators: a.separators | b.separators, markers: a.markers | b.markers };
}

/** Bits of the styles that are free (collide with nothing), one bit per style. */
export function freeStyles(used: number, count: number): number {
  return ~used & ((1 << count) - 1);
}

/** Whether a group with these collisions can still show where every item starts. */
export function boundariesVisible(c: Collisions, pack: LanguagePack): boolean {
  return freeStyles(c.numbering, pack.numbering.length) !== 0 || freeStyles(c.separators, pack.separators.length) !== 0;
}

/**
 * A pack's styles as patterns, built once per pack. Labels and separator lines are looked
 * for only at line starts, and each line is tried only against the styles that can start
 * with its first character, so most lines cost one lookup.
 */
interface Patterns {
  /** First character of a line (lower-cased) -> the numbering styles that can start with it, and how to match. */
  readonly labelsByFirst: ReadonlyMap<string, readonly (readonly [number, RegExp])[]>;
  /** Separators made of line breaks only: collide with any blank line. */
  readonly blankSeparators: number;
  readonly separatorsByFirst: ReadonlyMap<string, readonly (readonly [number, RegExp])[]>;
  readonly markers: readonly (readonly [string, string])[];
}

const compiled = new WeakMap<LanguagePack, Patterns>();

function patternsOf(pack: LanguagePack): Patterns {
  let p = compiled.get(pack);
  if (p === undefined) {
    const labelsByFirst = new Map<string, Array<readonly [number, RegExp]>>();
    pack.numbering.forEach((style, i) => {
      for (const label of [style.instruction, style.answer]) {
        const [pattern, firsts] = labelPattern(label);
        for (const f of firsts) add(labelsByFirst, f, [i, pattern]);
      }
    });
    let blankSeparators = 0;
    const separatorsByFirst = new Map<string, Array<readonly [number, RegExp]>>();
    pack.separators.forEach((separator, i) => {
      const line = separator.trim();
      if (line === '') blankSeparators |= 1 << i;
      else add(separatorsByFirst, line[0] as string, [i, separatorPattern(line)]);
    });
    p = { labelsByFirst, blankSeparators, separatorsByFirst, markers: pack.markers.map(markerNeedles) };
    compiled.set(pack, p);
  }
  return p;
}

function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// Any whitespace but a line break: a line of full-width or no-break spaces looks blank too.
const BLANK_LINE = /\n[^\S\n]*\n/;
const INDENT = /[^\S\n]/;
const DIGITS = '0123456789';

export function collisionsOf(text: string, pack: LanguagePack): Collisions {
  const p = patternsOf(pack);
  let numbering = 0;
  let separators = BLANK_LINE.test(text) ? p.blankSeparators : 0;
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    let head = at;
    // Indented labels are labels, whatever the indent (Chinese paragraphs use full-width spaces).
    while (head < end && INDENT.test(text[head] as string)) head++;
    if (head < end) {
      const first = (text[head] as string).toLowerCase();
      const labels = p.labelsByFirst.get(first);
      const lines = p.separatorsByFirst.get(text[head] as string);
      if (labels || lines) {
        const line = text.slice(head, end);
        if (labels) for (const [i, re] of labels) if (re.test(line)) numbering |= 1 << i;
        if (lines) for (const [i, re] of lines) if (re.test(line)) separators |= 1 << i;
      }
    }
    at = end + 1;
  }
  let markers = 0;
  if (p.markers.length > 0) {
    const lower = text.toLowerCase();
    p.markers.forEach(([open, close], i) => {
      if (lower.includes(open) || lower.includes(close)) markers |= 1 << i;
    });
  }
  return { numbering, separators, markers };
}

/**
 * A line that starts with the label, for any number: "2. ", "Answer 7:", "[3]". Near
 * misses count too, since a reader takes them for the same label: trailing whitespace is
 * not required, spaces inside are optional, letters match in either case, a colon may be
 * full-width or not, and the number may be in full-width digits ("问题1：" is "问题 {n}：").
 * Also the characters such a line can start with.
 */
function labelPattern(label: string): [RegExp, string[]] {
  const trimmed = label.trimEnd();
  const loose = (literal: string): string =>
    Array.from(literal, (c) => (c === ' ' ? '[ \\t]*' : c === ':' || c === '：' ? '[:：]' : escape(c))).join('');
  const pattern = new RegExp(`^${trimmed.split('{n}').map(loose).join('[0-9０-９]+')}`, 'iu');
  const firsts = trimmed.startsWith('{n}') ? [...DIGITS, ...FULL_WIDTH_DIGITS] : [(trimmed[0] as string).toLowerCase()];
  return [pattern, firsts];
}

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/**
 * A separator with a visible line ("---", "* * *") collides with a line that, spaces
 * aside, repeats the same character three times or more ("-----", "***"), or with the
 * same line.
 */
function separatorPattern(line: string): RegExp {
  const chars = [...new Set(line.replace(/\s/gu, ''))];
  if (chars.length === 1) {
    const c = escape(chars[0] as string);
    return new RegExp(`^(?:${c}[^\\S\\n]*){3,}$`, 'u');
  }
  return new RegExp(`^${escape(line)}[^\\S\\n]*$`, 'u');
}

function markerNeedles(m: MarkerStyle): readonly [string, string] {
  return [m.open.toLowerCase(), m.close.toLowerCase()];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
