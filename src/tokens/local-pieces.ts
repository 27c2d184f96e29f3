/**
 * The front half of a Hugging Face tokenizer (added tokens, normalizer, pre-tokenizer)
 * redone in JavaScript, for the tokenizer.json configurations where that can be done
 * exactly.
 *
 * Why: a tokenizer's model (BPE) runs on each pre-token on its own, so a text's count
 * is the sum of its pre-tokens' counts. Mosaics reuse the words of their pairs over and
 * over (every epoch, and every retry near the budget), so a memo of pre-token -> count
 * turns re-tokenizing a sample into a split plus map lookups, and only pre-tokens never
 * seen before reach the engine. The native engine cannot serve the split itself: its
 * preTokenizeString returns one JS tuple per piece and runs slower than a full encode.
 *
 * Anything this module does not recognise returns null, and the caller counts whole
 * texts with the engine as before: a configuration is supported only when the JS split
 * is the engine's split by construction.
 */

/** Where the per-piece counts of one text come from. */
export interface TextPieces {
  /** Pre-tokens after normalization, each counted by the model on its own. */
  readonly pieces: string[];
  /** Added tokens (such as <|im_start|>) found in the text: one token each. */
  readonly addedTokens: number;
}

export interface LocalPipeline {
  /** The text's pieces, or null when only the engine can count it exactly. */
  split(text: string): TextPieces | null;
  /** tokenizer.json that runs only the per-piece stages (byte mapping and the model). */
  readonly pieceTokenizerJson: string;
  /** The same configuration as an object (bpe-count.ts reads its model). */
  readonly pieceConfig: Json;
  /**
   * Whether split() answers for every text (never null): then the engine never sees a
   * whole text, and a caller need not load one for whole texts up front.
   */
  readonly splitsEverything: boolean;
  /**
   * How a text's pieces meet another text's when the two are joined, for splits where
   * that is decided by the characters on either side of the joint (joint-count.ts); null
   * for every other configuration.
   */
  readonly joints: JointRule | null;
}

/**
 * A split that cuts before every run of `cut` following another character (Llama's
 * `▁*[^▁]+`), after a normalizer that at most prepends `cut` once and turns single
 * characters into `cut`. Whether a joint is a cut then depends on the two characters
 * around it only, and a piece never straddles one unless it is rebuilt across it.
 */
export interface JointRule {
  /** The character runs of which start pieces (▁). */
  readonly cut: string;
  /** Raw characters the normalizer turns into `cut` (the space), `cut` itself included. */
  readonly spaces: readonly string[];
  /** What the normalizer puts in front of a non-empty text: '' or `cut`. */
  readonly prefix: string;
  /** Matches an added token; texts holding one are left to the whole-text count. */
  readonly added: RegExp | null;
  /** The first characters of the added tokens, to skip the pattern for texts holding none. */
  readonly addedStarts: string;
  /**
   * Characters no merge of the model involves (see barriersOf): the model counts a piece
   * as the sum of its stretches between them, each of them one token or its bytes.
   */
  readonly barriers: string;
}

type Json = Record<string, unknown>;

export function localPipeline(config: Json): LocalPipeline | null {
  const normalize = normalizerOf(config.normalizer);
  const pre = preTokenizerOf(config.pre_tokenizer);
  const added = addedTokensOf(config.added_tokens);
  const model = config.model as Json | undefined;
  if (!normalize || !pre || !added || !model || model.type !== 'BPE' || model.dropout) return null;

  const pieceConfig = {
    ...config,
    added_tokens: [],
    normalizer: null,
    pre_tokenizer: pre.byteLevel ? { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false } : null,
    post_processor: null,
    decoder: null,
    truncation: null,
    padding: null,
  };

  const splitSegment = (segment: string, into: string[]): boolean => {
    const normalized = normalize(segment);
    return normalized === '' || pre.split(normalized, into);
  };

  return {
    pieceTokenizerJson: JSON.stringify(pieceConfig),
    pieceConfig,
    splitsEverything: !pre.unicodeClasses && added.splittable && pre.total,
    joints: jointRuleOf(config.normalizer, config.pre_tokenizer, added, model),
    split(text) {
      if (pre.unicodeClasses && ASTRAL.test(text)) return null;
      const pieces: string[] = [];
      if (added.pattern === null || !added.pattern.test(text)) {
        return splitSegment(text, pieces) ? { pieces, addedTokens: 0 } : null;
      }
      if (!added.splittable) return null;
      // The engine cuts added tokens out first and normalizes each stretch between them
      // on its own (a Prepend normalizer prepends to every stretch).
      let addedTokens = 0;
      let from = 0;
      const finder = added.finder as RegExp;
      finder.lastIndex = 0;
      for (let match = finder.exec(text); match !== null; match = finder.exec(text)) {
        if (match.index > from && !splitSegment(text.slice(from, match.index), pieces)) return null;
        addedTokens++;
        from = match.index + match[0].length;
      }
      if (from < text.length && !splitSegment(text.slice(from), pieces)) return null;
      return { pieces, addedTokens };
    },
  };
}

/**
 * The JointRule of a configuration, or null. Only the exact shape is accepted: the
 * pre-tokenizer is the run-start split itself, the normalizer a Prepend of the cut
 * character and Replace steps of one character by it, and no added token holds a
 * character that could start a piece (so an added token lies within one piece).
 */
function jointRuleOf(normalizer: unknown, preTokenizer: unknown, added: AddedTokens, model: Json): JointRule | null {
  const pre = preTokenizer as Json | null | undefined;
  const pattern = pre?.type === 'Split' && pre.behavior === 'Isolated' && pre.invert === false ? (pre.pattern as Json | undefined)?.Regex : undefined;
  const source = typeof pattern === 'string' ? translateRegex(pattern) : null;
  const runStart = source === null ? null : RUN_START.exec(source);
  if (!runStart) return null;
  const cut = runStart[1] as string;
  const steps = normalizer === null || normalizer === undefined ? [] : (normalizer as Json).type === 'Sequence' ? ((normalizer as Json).normalizers as unknown[] | undefined) : [normalizer];
  if (!Array.isArray(steps)) return null;
  const spaces = [cut];
  let prefix = '';
  for (const step of steps as Json[]) {
    if (step?.type === 'Prepend' && step.prepend === cut && prefix === '') prefix = cut;
    else if (step?.type === 'Replace' && step.content === cut && isOneCharacter((step.pattern as Json | undefined)?.String)) spaces.push((step.pattern as Json).String as string);
    else return null;
  }
  if (added.pattern !== null && (!added.splittable || added.contents.some((token) => spaces.some((space) => token.includes(space))))) return null;
  const addedStarts = [...new Set(added.contents.map((token) => String.fromCodePoint(token.codePointAt(0) as number)))].join('');
  return { cut, spaces, prefix, added: added.pattern, addedStarts, barriers: barriersOf(model) };
}

// The characters tried as barriers: the line and tab characters that decoration puts
// between a source text and a number, marker or separator.
const BARRIER_CANDIDATES = ['\n', '\r', '\t'];

/**
 * Which candidates a BPE model can never merge with a neighbour: none of its merges
 * holds the character, and the character becomes tokens of its own (it is in the
 * vocabulary, or byte fallback has all its bytes), so no unknown-token fusing reaches
 * across it. Merges on either side of such a character then never interact, and a piece
 * counts as its stretches counted apart. With ignore_merges, a whole piece found in the
 * vocabulary is one token, so a candidate must also be in no longer vocabulary entry.
 */
function barriersOf(model: Json): string {
  const vocab = (model.vocab ?? {}) as Record<string, unknown>;
  const merges = Array.isArray(model.merges) ? (model.merges as unknown[]) : null;
  if (merges === null) return '';
  const has = (key: string): boolean => Object.hasOwn(vocab, key);
  const merged = new Set<string>();
  const candidate = /[\n\r\t]/g;
  for (const merge of merges) {
    const text = Array.isArray(merge) ? merge.join(' ') : String(merge);
    for (const found of text.match(candidate) ?? []) merged.add(found);
  }
  let barriers = '';
  for (const c of BARRIER_CANDIDATES) {
    if (merged.has(c)) continue;
    if (model.ignore_merges && Object.keys(vocab).some((key) => key.length > 1 && key.includes(c))) continue;
    const bytes = [...new TextEncoder().encode(c)].map((b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    if (has(c) || (model.byte_fallback === true && bytes.every(has))) barriers += c;
  }
  return barriers;
}

/** One UTF-16 unit that is not half of a surrogate pair. */
function isOneCharacter(value: unknown): value is string {
  return typeof value === 'string' && value.length === 1 && !/[\uD800-\uDFFF]/.test(value);
}

/**
 * Letters, digits and spaces are classified by Unicode tables on both sides, V8's and
 * the engine's regex library, which may be of different Unicode versions. Nearly every
 * character added in recent versions lies outside the Basic Multilingual Plane (new
 * scripts, CJK extensions, emoji), so texts with such characters go to the engine.
 */
const ASTRAL = /[\u{10000}-\u{10FFFF}]/u;

// ---------------------------------------------------------------- normalizers

type Normalize = (text: string) => string;

function normalizerOf(spec: unknown): Normalize | null {
  if (spec === null || spec === undefined) return (text) => text;
  const node = spec as Json;
  switch (node.type) {
    case 'Sequence': {
      const steps = (node.normalizers as unknown[] | undefined)?.map(normalizerOf);
      if (!steps || steps.some((step) => step === null)) return null;
      return (text) => (steps as Normalize[]).reduce((value, step) => step(value), text);
    }
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD': {
      const form = node.type;
      return (text) => text.normalize(form);
    }
    case 'Prepend': {
      const prefix = node.prepend;
      if (typeof prefix !== 'string') return null;
      return (text) => (text === '' ? text : prefix + text);
    }
    case 'Replace': {
      const pattern = node.pattern as Json | undefined;
      const content = node.content;
      if (typeof pattern?.String !== 'string' || pattern.String === '' || typeof content !== 'string') return null;
      const target = pattern.String;
      return (text) => text.replaceAll(target, content);
    }
    default:
      return null;
  }
}

// ---------------------------------------------------------------- pre-tokenizers

interface PreTokenizer {
  /** Appends the pieces of text; false when the JS split cannot be trusted for it. */
  split(text: string, into: string[]): boolean;
  /** Whether the split depends on Unicode character classes. */
  readonly unicodeClasses: boolean;
  /** Whether the pieces still go through ByteLevel's byte-to-character mapping. */
  readonly byteLevel: boolean;
  /** Whether split() returns true for every text. */
  readonly total: boolean;
}

/** GPT-2's pattern, which ByteLevel applies when use_regex is true. */
const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

function preTokenizerOf(spec: unknown): PreTokenizer | null {
  if (spec === null || spec === undefined) return null;
  const node = spec as Json;
  switch (node.type) {
    case 'Sequence': {
      const steps = (node.pretokenizers as unknown[] | undefined)?.map(preTokenizerOf);
      if (!steps || steps.length === 0 || steps.some((step) => step === null)) return null;
      const parts = steps as PreTokenizer[];
      // ByteLevel only maps bytes once the pieces are final, so it must come last.
      if (parts.slice(0, -1).some((part) => part.byteLevel)) return null;
      return {
        unicodeClasses: parts.some((part) => part.unicodeClasses),
        byteLevel: parts.some((part) => part.byteLevel),
        total: parts.every((part) => part.total),
        split(text, into) {
          let current = [text];
          for (const part of parts) {
            const next: string[] = [];
            for (const piece of current) if (!part.split(piece, next)) return false;
            current = next;
          }
          for (const piece of current) into.push(piece);
          return true;
        },
      };
    }
    case 'Split': {
      if (node.behavior !== 'Isolated' || node.invert !== false) return null;
      const pattern = node.pattern as Json | undefined;
      const source =
        typeof pattern?.Regex === 'string'
          ? translateRegex(pattern.Regex)
          : typeof pattern?.String === 'string' && pattern.String !== ''
            ? escapeRegex(pattern.String)
            : null;
      if (source === null) return null;
      return isolatedSplit(source);
    }
    case 'ByteLevel': {
      // A prefix space is added to the text's first piece only: not additive.
      if (node.add_prefix_space !== false) return null;
      if (node.use_regex === false) {
        return { unicodeClasses: false, byteLevel: true, total: true, split: (text, into) => into.push(text) > 0 };
      }
      const regex = isolatedSplit(translateRegex(GPT2_PATTERN) as string);
      return regex && { ...regex, byteLevel: true };
    }
    default:
      return null;
  }
}

/** `c*[^c]+` for one character c: Llama's split, which cuts before runs of c. */
const RUN_START = /^([^\\[\]()*+?{}|^$.])\*\[\^\1\]\+$/u;

/** Split with behavior Isolated: every match is a piece, and so is every gap between. */
function isolatedSplit(source: string | null): PreTokenizer | null {
  if (source === null) return null;
  const runStart = RUN_START.exec(source);
  if (runStart) return splitBeforeRuns(runStart[1] as string);
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'gu');
  } catch {
    return null;
  }
  // A pattern that can match nothing would make the engine and JS disagree on where
  // empty matches fall; no real tokenizer uses one, and split() refuses one it meets.
  if (new RegExp(`^(?:${source})$`, 'u').test('')) return null;
  return {
    unicodeClasses: /\\[pPsS]/.test(source) || source.includes(WHITESPACE),
    byteLevel: false,
    // An empty match somewhere inside a text (a lookahead alone) makes split() refuse it.
    total: false,
    split(text, into) {
      let from = 0;
      regex.lastIndex = 0;
      for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
        if (match[0] === '') return false;
        if (match.index > from) into.push(text.slice(from, match.index));
        into.push(match[0]);
        from = regex.lastIndex;
      }
      if (from < text.length) into.push(text.slice(from));
      return true;
    },
  };
}

/**
 * The pattern `c*[^c]+` (Llama's `▁*[^▁]+`) cuts before every run of c that follows
 * another character. Found with indexOf, this runs about twice as fast as the regex,
 * and it is the default tokenizer's split.
 */
function splitBeforeRuns(c: string): PreTokenizer {
  return {
    unicodeClasses: false,
    byteLevel: false,
    total: true,
    split(text, into) {
      let start = 0;
      for (let at = text.indexOf(c); at !== -1; at = text.indexOf(c, at + 1)) {
        if (at > start && text[at - 1] !== c) {
          into.push(text.slice(start, at));
          start = at;
        }
      }
      into.push(text.slice(start));
      return true;
    },
  };
}

// ---------------------------------------------------------------- regex translation

/**
 * Oniguruma's \s (what the engine's Split uses): tab to carriage return, NEL, and the
 * Unicode space, line and paragraph separators. JavaScript's \s differs by adding
 * U+FEFF and leaving out U+0085, so it is spelled out.
 */
const WHITESPACE = '\\t-\\r\\u0085\\u2028\\u2029\\p{Zs}';

/**
 * Rewrites an Oniguruma pattern from a tokenizer.json into a JavaScript one with the
 * same matches, or returns null when it uses anything not known to translate exactly
 * (possessive quantifiers, backreferences, \d or \w with their Unicode meanings, ...).
 */
export function translateRegex(pattern: string): string | null {
  let out = '';
  let inClass = false;
  // Whether the last thing written was a quantifier: a "+" right after one would make
  // it possessive (x++, x*+, x?+, x{2}+), which JavaScript cannot spell.
  let quantified = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    const afterQuantifier = quantified;
    quantified = false;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return null;
      i++;
      if (next === 's') out += inClass ? WHITESPACE : `[${WHITESPACE}]`;
      else if (next === 'S') {
        if (inClass) return null;
        out += `[^${WHITESPACE}]`;
      } else if (next === 'p' || next === 'P') {
        const close = pattern.indexOf('}', i);
        if (pattern[i + 1] !== '{' || close === -1) return null;
        const name = pattern.slice(i + 2, close);
        if (!/^(L|N|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|Nd|Nl|No|P|S|Z|Zs)$/.test(name)) return null;
        out += `\\${next}{${name}}`;
        i = close;
      } else if (next === 'r' || next === 'n' || next === 't' || next === 'f' || next === 'v') out += `\\${next}`;
      else if (next === '-') out += inClass ? '\\-' : '-';
      else if (/[.*+?^${}()|[\]\\/]/.test(next)) out += `\\${next}`;
      else if (/[ '"!#%&,:;<=>@_`~]/.test(next)) out += next;
      else return null;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (c === '[') return null;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') {
        out += '^';
        i++;
      }
      // A "]" first in a class is a literal in Oniguruma, an empty class in JavaScript.
      if (pattern[i + 1] === ']') return null;
      continue;
    }
    if (c === '(') {
      if (pattern[i + 1] !== '?') {
        out += c;
        continue;
      }
      const head = pattern.slice(i, i + 4);
      if (head.startsWith('(?:') || head.startsWith('(?=') || head.startsWith('(?!')) {
        out += head.slice(0, 3);
        i += 2;
        continue;
      }
      if (head === '(?i:') {
        const close = pattern.indexOf(')', i);
        const body = close === -1 ? '' : pattern.slice(i + 4, close);
        // Only plain alternatives of letters and apostrophes, as in Llama-3's contractions.
        if (!/^[a-zA-Z'|]+$/.test(body)) return null;
        out += `(?:${body.replace(/[a-zA-Z]/g, caseless)})`;
        i = close;
        continue;
      }
      return null;
    }
    if (c === '+' || c === '*' || c === '?') {
      if (afterQuantifier) {
        // x+? and x*? are lazy in both dialects; x++ is possessive, and x?? is lazy too.
        if (c === '+') return null;
        out += c;
        continue;
      }
      quantified = true;
    } else if (c === '{') {
      const close = pattern.indexOf('}', i);
      if (close === -1 || !/^\d+(,\d*)?$/.test(pattern.slice(i + 1, close))) return null;
      out += pattern.slice(i, close + 1);
      i = close;
      quantified = true;
      continue;
    } else if (c === '.') return null;
    out += c;
  }
  return inClass ? null : out;
}

/** Escapes text for use outside a character class (where u-mode refuses "\\-"). */
/**
 * A letter in both cases, plus what Unicode case folding also equates with it: the
 * long s and the Kelvin sign fold to s and k, and the engine's (?i) matches them.
 */
function caseless(letter: string): string {
  const lower = letter.toLowerCase();
  const extra = lower === 's' ? '\u017F' : lower === 'k' ? '\u212A' : '';
  return `[${lower}${letter.toUpperCase()}${extra}]`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// ---------------------------------------------------------------- added tokens

interface AddedTokens {
  /** Matches any added token, longest first; null when there are none. */
  readonly pattern: RegExp | null;
  /** The same pattern with the global flag, to walk a text from match to match. */
  readonly finder: RegExp | null;
  /** Whether texts holding added tokens can be cut at them (plain, exact matching). */
  readonly splittable: boolean;
  /** The tokens' texts. */
  readonly contents: readonly string[];
}

function addedTokensOf(spec: unknown): AddedTokens | null {
  if (spec === undefined || spec === null) return { pattern: null, finder: null, splittable: true, contents: [] };
  if (!Array.isArray(spec)) return null;
  const contents: string[] = [];
  let splittable = true;
  for (const token of spec as Json[]) {
    if (typeof token.content !== 'string' || token.content === '') return null;
    contents.push(token.content);
    // These options change what surrounds a match, or match on normalized text; such
    // texts are left to the engine.
    if (token.lstrip || token.rstrip || token.single_word || token.normalized) splittable = false;
  }
  if (contents.length === 0) return { pattern: null, finder: null, splittable: true, contents };
  // JavaScript alternation takes the first alternative that matches; longest first makes
  // that the longest match, as the engine's matcher does.
  contents.sort((a, b) => b.length - a.length);
  const source = contents.map(escapeRegex).join('|');
  return { pattern: new RegExp(source, 'u'), finder: new RegExp(source, 'gu'), splittable, contents };
}
