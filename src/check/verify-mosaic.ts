import { META_SEPARATOR, NUMBERED_SEPARATOR } from '../language/layout.js';
import { fillNumber } from '../language/fill.js';
import { formFor, formsOfRule, type LanguagePack, type MarkerStyle, type NumberingStyle } from '../language/pack.js';
import { freeOf, groupCollisions, plainPair, type Composition } from '../mosaic/compose.js';
import { metaInstruction, renderMosaic } from '../mosaic/render.js';
import { GroupView } from '../mosaic/group-view.js';
import { MASKOUT, maskedNumbers, maskoutUnavailable } from '../strategies/maskout.js';
import { PERMUTE, permuteOrder, permuteUnavailable } from '../strategies/permute.js';
import { rngFor } from '../rng/random.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule } from '../rule-names.js';
import type { MosaicMeta } from '../types.js';

/** A mosaic as read back from a dataset: its texts and the provenance augment --meta wrote. */
export interface WrittenMosaic {
  readonly prompt: string;
  readonly response: string;
  readonly system?: string;
  readonly meta: MosaicMeta;
}

/** The source pairs a mosaic names, in meta.sources order. */
export interface SourceTexts {
  readonly prompts: readonly string[];
  readonly responses: readonly string[];
  /** The system prompt the pairs share; undefined when they carry none. */
  readonly system?: string;
}

/** The layout a mosaic turned out to use, once its text matched one. */
export interface MatchedLayout {
  readonly composition: Composition;
}

export type Verdict = { readonly ok: true; readonly layout: MatchedLayout } | { readonly ok: false; readonly problems: readonly string[] };

// Deterministic rules never draw; a stream is passed only because the signature asks for one.
const UNUSED_RNG = rngFor(0, 'check');

/**
 * Whether a written mosaic says the truth about its own response, judged the way augment
 * decided it: the texts are the sources verbatim, the meta-instruction is a sentence of the
 * pack stating exactly meta's strategy, rule, order and mask, the rule is one a reader
 * could not dispute for these instructions, and every label, separator and marker is one
 * the pack writes and none occurs inside the texts it frames. Problems are one line each.
 */
export function verifyMosaic(written: WrittenMosaic, sources: SourceTexts, pack: LanguagePack): Verdict {
  const problems = metaProblems(written.meta, sources.prompts.length);
  if (problems.length > 0) return { ok: false, problems };
  if ((written.system ?? '') !== (sources.system ?? '')) {
    problems.push(`system prompt: expected ${quoteShort(sources.system ?? '')} (the sources'), found ${quoteShort(written.system ?? '')}`);
  }
  problems.push(...ruleProblems(written.meta, sources, pack));
  const matched = matchText(written, sources, pack, problems);
  if (matched) problems.push(...collisionProblems(matched, sources, pack));
  return problems.length === 0 && matched ? { ok: true, layout: { composition: matched } } : { ok: false, problems };
}

/** meta must describe a possible mosaic of k instructions before its text is compared. */
function metaProblems(meta: MosaicMeta, k: number): string[] {
  const { strategy, rule, order, masked } = meta;
  const all = new Set([...order, ...masked]);
  const inRange = [...order, ...masked].every((n) => Number.isInteger(n) && n >= 1 && n <= k);
  if (!inRange || all.size !== k || order.length + masked.length !== k) {
    return [`meta.order ${list(order)} and meta.masked ${list(masked)}: expected together each of 1..${k} once`];
  }
  const ascending = (ns: readonly number[]) => ns.every((n, i) => i === 0 || n > (ns[i - 1] as number));
  switch (strategy) {
    case 'primary':
    case 'format':
      if (rule !== null) return [`meta.rule: ${strategy} states no rule, found "${rule}"`];
      if (masked.length > 0 || !ascending(order)) return [`meta.order: ${strategy} answers in the given order, found ${list(order)}`];
      return [];
    case 'permute':
      if (!PERMUTE_RULES.includes(rule as PermuteRule)) return [`meta.rule: expected a permute rule, found ${JSON.stringify(rule)}`];
      if (masked.length > 0) return [`meta.masked: permute skips nothing, found ${list(masked)}`];
      return [];
    case 'maskout':
      if (!MASKOUT_RULES.includes(rule as MaskoutRule)) return [`meta.rule: expected a maskout rule, found ${JSON.stringify(rule)}`];
      if (masked.length === 0 || order.length === 0) return [`meta.masked: maskout skips some instructions and keeps some, found ${list(masked)}`];
      if (!ascending(order) || !ascending(masked)) return [`meta.order: maskout answers the rest in the given order, found ${list(order)}`];
      return [];
    default:
      return [`meta.strategy: expected primary, format, permute or maskout, found ${JSON.stringify(strategy)}`];
  }
}

/** The rule holds for these instructions beyond doubt, and gives meta's order or mask. */
function ruleProblems(meta: MosaicMeta, sources: SourceTexts, pack: LanguagePack): string[] {
  const k = sources.prompts.length;
  if (meta.rule === null) return [];
  const view = new GroupView(sources.prompts, pack);
  if (meta.strategy === 'permute') {
    const rule = meta.rule as PermuteRule;
    if (pack.permute[rule] === null) return [`meta.rule "${rule}": the ${pack.name} pack does not state it`];
    const why = permuteUnavailable(rule, view);
    if (why !== null) return [`meta.rule "${rule}": not stated beyond doubt for these instructions (${why})`];
    if (PERMUTE[rule].needsNumbers && !meta.numbered) return [`meta.numbered: "${rule}" names instruction numbers, so they must be shown`];
    if (rule === 'random') {
      return meta.order.every((n, i) => n === i + 1) ? [`meta.order ${list(meta.order)}: a random order is never the given one`] : [];
    }
    const expected = permuteOrder(rule, view, UNUSED_RNG);
    return sameNumbers(expected, meta.order) ? [] : [`meta.order: "${rule}" gives ${list(expected)}, found ${list(meta.order)}`];
  }
  const rule = meta.rule as MaskoutRule;
  if (pack.maskout[rule] === null) return [`meta.rule "${rule}": the ${pack.name} pack does not state it`];
  const why = maskoutUnavailable(rule, view, meta.masked.length);
  if (why !== null) return [`meta.rule "${rule}": not stated beyond doubt for these instructions (${why})`];
  if (MASKOUT[rule].needsNumbers && !meta.numbered) return [`meta.numbered: "${rule}" names instruction numbers, so they must be shown`];
  if (rule === 'random') return [];
  const expected = maskedNumbers(rule, view, meta.masked.length, UNUSED_RNG);
  return sameNumbers(expected, meta.masked) && k > 0 ? [] : [`meta.masked: "${rule}" skips ${list(expected)}, found ${list(meta.masked)}`];
}

/**
 * The composition whose rendering is exactly the written text, among every layout and
 * phrasing the pack allows for meta; null (with problems saying what differs) if none.
 */
function matchText(written: WrittenMosaic, sources: SourceTexts, pack: LanguagePack, problems: string[]): Composition | null {
  const { meta } = written;
  const { prompts, responses } = sources;
  const k = prompts.length;
  if (k === 1 && meta.strategy === 'primary') {
    const plain = plainComposition(meta, pack);
    if (written.prompt === prompts[0] && written.response === responses[0]) return plain;
    problems.push(...describeDifference(written, sources, meta, pack));
    return null;
  }
  const numberings: ReadonlyArray<NumberingStyle | null> = meta.numbered ? pack.numbering : [null];
  const separators = meta.numbered ? [NUMBERED_SEPARATOR] : unique(pack.separators);
  const markerChoices: ReadonlyArray<MarkerStyle | null> =
    meta.strategy === 'format' ? pack.markers : meta.strategy === 'primary' ? [null] : [null, ...pack.markers];
  for (const numbering of numberings) {
    for (const separator of separators) {
      for (const metaFirst of [true, false]) {
        const base = { ...plainComposition(meta, pack), numbering, separator, metaFirst };
        const stated = statedMeta(written.prompt, renderMosaic(prompts, responses, { ...base, sentence: '', labelClause: null, markerClause: null }).prompt, metaFirst);
        if (stated === null) continue;
        for (const markers of markerChoices) {
          const shaped = { ...base, markers };
          if (renderMosaic(prompts, responses, { ...shaped, sentence: '', labelClause: null, markerClause: null }).response !== written.response) continue;
          const phrased = phrasingOf(stated, shaped, k, pack);
          if (phrased) return phrased;
          problems.push(`meta-instruction: no sentence of the ${pack.name} pack that states ${describeMeta(meta)} reads ${quoteShort(stated, 160)}`);
          return null;
        }
      }
    }
  }
  problems.push(...describeDifference(written, sources, meta, pack));
  return null;
}

/**
 * The meta-instruction of a written prompt whose instructions part is `body`'s (what a
 * render with an empty sentence gives: the separator and the instructions), or null.
 */
function statedMeta(prompt: string, emptyRendered: string, metaFirst: boolean): string | null {
  // An empty sentence leaves only the separator on the meta side of the body.
  const body = metaFirst ? emptyRendered.slice(META_SEPARATOR.length) : emptyRendered.slice(0, emptyRendered.length - META_SEPARATOR.length);
  if (metaFirst) {
    const tail = META_SEPARATOR + body;
    return prompt.endsWith(tail) && prompt.length > tail.length ? prompt.slice(0, prompt.length - tail.length) : null;
  }
  const head = body + META_SEPARATOR;
  return prompt.startsWith(head) && prompt.length > head.length ? prompt.slice(head.length) : null;
}

/** The composition whose meta-instruction is `stated`, trying every phrasing the pack has for it. */
function phrasingOf(stated: string, shaped: Composition, k: number, pack: LanguagePack): Composition | null {
  const single = shaped.order.length === 1;
  const sentences: ReadonlyArray<string | null> = k === 1 ? [null] : formFor(formsOfRule(pack, shaped.strategy, shaped.rule) ?? { many: [] }, k, shaped.masked.length);
  const labels: ReadonlyArray<string | null> = shaped.numbering ? (single ? pack.labelClauses.one : pack.labelClauses.many) : [null];
  const markerClauses: ReadonlyArray<string | null> = shaped.markers
    ? single
      ? pack.markerClauses.one
      : shaped.numbering
        ? pack.markerClauses.labelled
        : pack.markerClauses.many
    : [null];
  for (const sentence of sentences) {
    for (const labelClause of labels) {
      for (const markerClause of markerClauses) {
        const c: Composition = { ...shaped, sentence, labelClause, markerClause };
        if (metaInstruction(c, k) === stated) return c;
      }
    }
  }
  return null;
}

/** A composition with meta's strategy, rule, order and mask, and no layout yet. */
function plainComposition(meta: MosaicMeta, pack: LanguagePack): Composition {
  return { ...plainPair(NUMBERED_SEPARATOR, true, pack), strategy: meta.strategy, rule: meta.rule, order: meta.order, masked: meta.masked };
}

/** A boundary a reader could not see: a label, separator or marker that occurs in a text it frames. */
function collisionProblems(c: Composition, sources: SourceTexts, pack: LanguagePack): string[] {
  const free = freeOf(groupCollisions(sources.prompts, sources.responses, pack), pack);
  const problems: string[] = [];
  if (c.numbering && !free.numbering.includes(c.numbering)) {
    problems.push(`labels ${quoteShort(fillNumber(c.numbering.answer, 1).trim())}: the same label occurs inside an instruction or answer`);
  }
  if (!c.numbering && sources.prompts.length > 1 && !free.separators.includes(c.separator)) {
    problems.push(`separator ${JSON.stringify(c.separator)}: it occurs inside an instruction or answer`);
  }
  if (c.markers && !free.markers.includes(c.markers)) {
    problems.push(`markers ${quoteShort(c.markers.open)}: they occur inside an instruction or answer`);
  }
  return problems;
}

/**
 * What differs, when no layout of the pack renders the written text: the first source text
 * not found verbatim, answers out of the stated order, a skipped answer present, or (when
 * every text is in place) the labels and separators between them.
 */
function describeDifference(written: WrittenMosaic, sources: SourceTexts, meta: MosaicMeta, pack: LanguagePack): string[] {
  const problems: string[] = [];
  let from = 0;
  for (let i = 0; i < sources.prompts.length; i++) {
    const at = written.prompt.indexOf(sources.prompts[i] as string, from);
    if (at < 0) {
      problems.push(`instruction ${i + 1} (source record ${meta.sources[i]}): not in the prompt verbatim${nearMiss(written.prompt, sources.prompts[i] as string)}`);
      return problems;
    }
    from = at + (sources.prompts[i] as string).length;
  }
  const found: Array<{ n: number; at: number }> = [];
  for (let n = 1; n <= sources.responses.length; n++) {
    const at = written.response.indexOf(sources.responses[n - 1] as string);
    if (at >= 0) found.push({ n, at });
  }
  const present = new Set(found.map((f) => f.n));
  for (const n of meta.masked) if (present.has(n)) problems.push(`answer ${n}: present, but the meta-instruction says to skip instruction ${n}`);
  for (const n of meta.order) {
    if (!present.has(n)) problems.push(`answer ${n} (source record ${meta.sources[n - 1]}): not in the response verbatim${nearMiss(written.response, sources.responses[n - 1] as string)}`);
  }
  if (problems.length > 0) return problems;
  const seen = found.filter((f) => meta.order.includes(f.n)).sort((a, b) => a.at - b.at).map((f) => f.n);
  if (!sameNumbers(seen, meta.order)) {
    problems.push(`answers in the order ${list(seen)}, but meta.order (and the meta-instruction) say ${list(meta.order)}`);
    return problems;
  }
  // The label style is the one that puts a label right before every instruction; an
  // answer is labelled when that style's label stands right before its text.
  const style = pack.numbering.find((s) => sources.prompts.every((p, i) => written.prompt.includes(fillNumber(s.instruction, i + 1) + p)));
  const unlabelled = style ? meta.order.filter((n) => !written.response.includes(fillNumber(style.answer, n) + sources.responses[n - 1])) : meta.order;
  const best = meta.numbered ? unlabelled : pack.numbering.some((s) => meta.order.every((n) => written.response.includes(fillNumber(s.answer, n) + sources.responses[n - 1]))) ? [] : meta.order;
  if (meta.numbered && best.length > 0) {
    problems.push(`labels: meta.numbered is true, but ${best.length === meta.order.length ? 'no answer carries' : `answer ${list(best)} lacks`} a label the ${pack.name} pack writes`);
  } else if (!meta.numbered && best.length === 0 && sources.prompts.length > 1) {
    problems.push('labels: meta.numbered is false, but the answers carry labels');
  } else {
    const unbalanced = pack.markers.find((m) => written.response.split(m.open).length !== written.response.split(m.close).length);
    problems.push(
      unbalanced
        ? `markers: ${quoteShort(unbalanced.open)} and ${quoteShort(unbalanced.close)} do not pair up around the answers`
        : `layout: the texts are in place, but the labels, separators or markers around them are not what the ${pack.name} pack writes for ${describeMeta(meta)}`,
    );
  }
  return problems;
}

/** Where a source text stops matching the written text, when its first part is found. */
function nearMiss(haystack: string, needle: string): string {
  const probe = needle.slice(0, Math.min(24, needle.length));
  const at = probe.length >= 8 ? haystack.indexOf(probe) : -1;
  if (at < 0) return '';
  let i = 0;
  while (i < needle.length && haystack[at + i] === needle[i]) i++;
  return `: differs at its character ${i + 1}, expected ${quoteShort(needle.slice(i, i + 20))}, found ${quoteShort(haystack.slice(at + i, at + i + 20))}`;
}

function describeMeta(meta: MosaicMeta): string {
  const rule = meta.rule === null ? '' : ` "${meta.rule}"`;
  const mask = meta.masked.length > 0 ? `, skipping ${list(meta.masked)}` : '';
  return `${meta.strategy}${rule} with order ${list(meta.order)}${mask}`;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}

function list(ns: readonly number[]): string {
  return `[${ns.join(',')}]`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function quoteShort(text: string, max = 60): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
