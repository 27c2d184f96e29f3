import type { Writable } from 'node:stream';
import { joinSegments, renderSegments, type Segment, type SegmentKind } from '../mosaic/render-segments.js';
import type { Mosaic } from '../types.js';

/** How preview output is drawn on this stdout. */
export interface View {
  /** SGR escape codes on. */
  readonly colour: boolean;
  /** Control characters in the data shown as symbols, so data cannot drive the terminal. */
  readonly safeControls: boolean;
  /** Header lines are ruled out to this many columns. */
  readonly width: number;
}

type Env = Readonly<Record<string, string | undefined>>;

export function viewFor(stdout: Writable, env: Env): View {
  const tty = stdout as { isTTY?: boolean; columns?: number };
  const terminal = tty.isTTY === true;
  const colour = colourWanted(terminal, env);
  const columns = terminal && typeof tty.columns === 'number' && tty.columns > 0 ? tty.columns : PIPE_WIDTH;
  return { colour, safeControls: terminal || colour, width: Math.min(columns, MAX_WIDTH) };
}

// A fixed width when piped keeps the plain output the same on every machine.
const PIPE_WIDTH = 72;
const MAX_WIDTH = 100;

/**
 * NO_COLOR follows no-color.org (present and non-empty disables) and beats FORCE_COLOR:
 * it is the user's standing choice, while FORCE_COLOR is often set globally by CI and
 * tool wrappers. FORCE_COLOR reads as Node and chalk read it: "0"/"false" off, else on.
 */
function colourWanted(terminal: boolean, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return terminal && env.TERM !== 'dumb';
}

type Tone = Exclude<SegmentKind, 'source'> | 'heading' | 'label' | 'note';

const SGR: Readonly<Record<Tone, string>> = {
  meta: '1;33',
  marker: '36',
  number: '35',
  separator: '2',
  heading: '1',
  label: '1',
  note: '2',
};

/**
 * Styles line by line: a style left open across a newline bleeds into pagers' and
 * terminals' line handling (less -R, scrollback), so each line is closed on its own.
 */
function paint(view: View, tone: Tone, text: string): string {
  if (!view.colour) return text;
  const open = `\x1b[${SGR[tone]}m`;
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${open}${line}\x1b[0m`))
    .join('\n');
}

// C0 controls except tab and newline, DEL and C1: ESC, CR and the like would move the
// cursor, recolour or retitle the terminal instead of being seen.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function showControls(view: View, text: string): string {
  if (!view.safeControls) return text;
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/** The line above the mosaics: what is shown and how tokens were counted. */
export function formatIntro(view: View, count: number, seed: number, tokenizer: string): string {
  const what = count === 1 ? 'the first mosaic' : `the first ${count} mosaics`;
  return `${paint(view, 'note', `${what} augment would write (seed ${seed}; tokens counted with ${tokenizer})`)}\n\n`;
}

/** One mosaic: a ruled header line, then its system prompt (if any), prompt and response. */
export function formatMosaic(view: View, mosaic: Mosaic, position: number): string {
  const { prompt, response } = segmentsOf(mosaic);
  let out = `${headerLine(view, mosaic, position)}\n`;
  if (mosaic.system !== undefined) out += section(view, 'system', showControls(view, mosaic.system));
  out += section(view, 'prompt', paintSegments(view, prompt));
  out += section(view, 'response', paintSegments(view, response));
  return out;
}

function headerLine(view: View, mosaic: Mosaic, position: number): string {
  const { strategy, rule, sources, tokens, lang } = mosaic.meta;
  const pairs = sources.length === 1 ? '1 pair' : `${sources.length} pairs`;
  const title = [`mosaic ${position}`, rule === null ? strategy : `${strategy} (${rule})`, pairs, `${tokens} tokens`, lang].join(' · ');
  const line = `── ${title} `;
  return paint(view, 'heading', line + '─'.repeat(Math.max(2, view.width - [...line].length)));
}

function section(view: View, label: string, body: string): string {
  return `${paint(view, 'label', `[${label}]`)}\n${body}\n\n`;
}

function paintSegments(view: View, segments: readonly Segment[]): string {
  return segments.map((s) => (s.kind === 'source' ? showControls(view, s.text) : paint(view, s.kind, s.text))).join('');
}

/**
 * The mosaic's parts, checked against its text: the preview promises augment's exact
 * text, so a segmentation that disagrees with the renderer is a bug, not a display detail.
 */
function segmentsOf(mosaic: Mosaic): { prompt: readonly Segment[]; response: readonly Segment[] } {
  const parts = mosaic.parts;
  if (parts === undefined) {
    return { prompt: [{ kind: 'source', text: mosaic.prompt }], response: [{ kind: 'source', text: mosaic.response }] };
  }
  const segments = renderSegments(parts.prompts, parts.responses, parts.composition);
  if (joinSegments(segments.prompt) !== mosaic.prompt || joinSegments(segments.response) !== mosaic.response) {
    throw new Error('renderSegments disagrees with the mosaic text (render-segments.ts is out of step with render.ts)');
  }
  return segments;
}
