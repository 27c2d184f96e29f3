import { DataError } from '../errors.js';
import type { ReadOptions } from '../io/read-pairs.js';
import { flagOf } from '../option-table.js';
import type { ResolvedAugmentOptions } from '../resolved-options.js';
import { readCountsFile, type CountsFile, type CountsSource } from './counts-reader.js';
import { InputHasher, templateIdentity, tokenizerIdentity, type InputIdentity, type ReadIdentity } from './identity.js';

/**
 * A counts file given to a run (augment --counts) in place of counting: read and checked
 * against the run's tokenizer and chat template before any input is read, and against
 * the inputs once they are read (their bytes are hashed as they go by). A mismatch is a
 * DataError naming the file and what differs; the numbers are used only after both checks.
 */
export class GivenCounts {
  private readonly hasher = new InputHasher();

  private constructor(readonly file: CountsFile) {}

  static async open(source: CountsSource, options: ResolvedAugmentOptions, signal?: AbortSignal): Promise<GivenCounts> {
    // The run's identity first: a tokenizer without one is the caller's mistake, found before the file is read.
    const [tokenizer, template] = await Promise.all([tokenizerIdentity(options), templateIdentity(options)]);
    const file = await readCountsFile(source, signal);
    const { header } = file;
    const refuse = (message: string): never => {
      throw new DataError(message, { file: source.name });
    };
    if (header.tokenizer.id !== tokenizer.id) {
      refuse(`counted with tokenizer ${header.tokenizer.name} (${shortId(header.tokenizer.id)}), not with this run's ${tokenizer.name} (${shortId(tokenizer.id)})`);
    }
    if (header.chatTemplate?.sha256 !== template?.sha256) {
      if (header.chatTemplate === null) refuse('counted without a chat template; this run counts with one (--chat-template)');
      if (template === null) refuse('counted with a chat template; this run counts without one (add --chat-template)');
      refuse(`counted with another chat template (files sha256 ${short(header.chatTemplate?.sha256)}), not this run's (${short(template?.sha256)})`);
    }
    return new GivenCounts(file);
  }

  /** The onBytes read hook that hashes the inputs, passing every chunk on to `then` too. */
  tap(then?: ReadOptions['onBytes']): NonNullable<ReadOptions['onBytes']> {
    return this.hasher.tap(then);
  }

  /**
   * The inputs as read (names in order, the read settings, the pairs they gave) must be
   * the ones counted; call once reading is done, before the numbers are used.
   */
  checkInputs(names: readonly string[], read: ReadOptions, pairs: number): void {
    const counted = this.file.header.input;
    const mine = this.hasher.identity(names.length, read);
    const difference = inputDifference(counted, mine, names);
    if (difference === null && pairs === this.file.pairs) return;
    throw new DataError(difference ?? `counted ${this.file.pairs} pairs; the inputs give ${pairs}`, { file: this.file.name });
  }
}

/** What differs between the inputs counted and the inputs read, or null when nothing does. */
function inputDifference(counted: InputIdentity, mine: InputIdentity, names: readonly string[]): string | null {
  if (counted.sha256 === mine.sha256) return null;
  if (counted.inputs.length !== mine.inputs.length) return `counted from ${plural(counted.inputs.length, 'input')}; this run reads ${mine.inputs.length}`;
  for (let i = 0; i < mine.inputs.length; i++) {
    const a = counted.inputs[i] as InputIdentity['inputs'][number];
    const b = mine.inputs[i] as InputIdentity['inputs'][number];
    if (a.sha256 !== b.sha256) {
      const which = names.length > 1 ? `input ${i + 1} of ${names.length} (${names[i]})` : `input ${names[i]}`;
      return `counted from other bytes than ${which}: sha256 ${short(a.sha256)} of ${a.bytes} bytes counted, ${short(b.sha256)} of ${b.bytes} bytes read (edited since?)`;
    }
  }
  for (const key of Object.keys(mine.read) as Array<keyof ReadIdentity>) {
    const was = settingText(counted.read[key]);
    const now = settingText(mine.read[key]);
    if (was !== now) return `counted from inputs read with ${flagOf(key)} ${was}; this run reads with ${flagOf(key)} ${now}`;
  }
  return 'counted from other inputs (their identity differs)';
}

function settingText(value: ReadIdentity[keyof ReadIdentity]): string {
  if (value === null) return '(none)';
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, name]) => `${key}=${name}`)
    .join(',');
}

/** A sha256 shortened for a message: enough to tell two apart. */
function short(hex: string | undefined): string {
  return hex === undefined ? '(none)' : hex.slice(0, 12);
}

function shortId(id: string): string {
  return id.startsWith('sha256:') ? `sha256 ${short(id.slice(7))}` : id;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
