import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment, Template } from '@huggingface/jinja';
import { DataError, describeValue, errnoText } from '../errors.js';

type Jinja = typeof import('@huggingface/jinja');

/** One sample as the trainer sees it: an optional system turn, one user turn, one reply. */
export interface ChatSample {
  system?: string;
  prompt: string;
  response: string;
}

/**
 * A model's chat template, loaded once. `render` gives the exact text the trainer builds
 * for a sample, so the budget can be counted on it rather than on the bare fields.
 */
export interface ChatTemplate {
  /** The file the template was read from (path as the user gave the folder). */
  readonly source: string;
  render(sample: ChatSample): string;
}

const CONFIG_FILE = 'tokenizer_config.json';
const JINJA_FILE = 'chat_template.jinja';
const JSON_FILE = 'chat_template.json';

/** Every file of a model folder a chat template (and its special tokens) may be read from. */
export const TEMPLATE_FILES = [CONFIG_FILE, JINJA_FILE, JSON_FILE] as const;

/** The special tokens transformers hands to templates (its `special_tokens_map`). */
const SPECIAL_TOKEN_KEYS = [
  'bos_token',
  'eos_token',
  'unk_token',
  'sep_token',
  'pad_token',
  'cls_token',
  'mask_token',
] as const;

/**
 * Templates that print today's date (Llama 3.1 and later: `strftime_now("%d %b %Y")`)
 * would make counts, and so grouping, depend on the day and the machine's locale. The
 * trainer's date is unknown anyway; pin it to Llama 3.1's own fallback date.
 */
const PINNED_DATE = new Date(Date.UTC(2024, 6, 26));

/** Thrown by the template's own raise_exception, so its message is reported as the template's. */
class TemplateRaised extends Error {}

/**
 * Loads the chat template of a Hugging Face tokenizer folder. Precedence follows
 * transformers: a `chat_template.jinja` file overrides the config's `chat_template`
 * (newer hub folders keep it only there); `chat_template.json` (processor folders) is the
 * last resort. Special tokens always come from `tokenizer_config.json`, so it must exist.
 */
export async function loadChatTemplate(folder: string): Promise<ChatTemplate> {
  await requireFolder(folder);
  const configFile = join(folder, CONFIG_FILE);
  const config = await readJsonObject(configFile, await readText(configFile, true));

  const { source, text } = await findTemplate(folder, configFile, config);
  // Loaded here, not at the top: only runs with --chat-template need the interpreter.
  const jinja = await import('@huggingface/jinja');
  let template: Template;
  try {
    template = new jinja.Template(text);
  } catch (error) {
    throw new DataError(`chat template does not parse: ${oneLine(error)}`, { file: source });
  }

  const context: Record<string, unknown> = {
    ...specialTokens(config),
    // transformers passes these as None when unused; templates test `tools is not none`.
    tools: null,
    documents: null,
    // The sample is a finished conversation: no trailing prompt for a next reply.
    add_generation_prompt: false,
  };

  return {
    source,
    render(sample: ChatSample): string {
      const messages: { role: string; content: string }[] = [];
      if (sample.system) messages.push({ role: 'system', content: sample.system });
      messages.push({ role: 'user', content: sample.prompt });
      messages.push({ role: 'assistant', content: sample.response });
      try {
        return String(new jinja.Interpreter(environment(jinja, { ...context, messages })).run(template.parsed).value);
      } catch (error) {
        const what = error instanceof TemplateRaised ? 'chat template raised an error' : 'chat template failed to render';
        throw new DataError(`${what}: ${oneLine(error)}`, { file: source });
      }
    },
  };
}

/**
 * What `Template.render` sets up, except for our own raise_exception and strftime_now:
 * the library declares its versions first and refuses redeclaration, so `render` cannot
 * take ours. A fresh environment per sample, because top-level `{% set %}` writes into it.
 */
function environment(jinja: Jinja, variables: Record<string, unknown>): Environment {
  const env = new jinja.Environment();
  const globals: Record<string, unknown> = {
    true: true,
    false: false,
    none: null,
    True: true,
    False: false,
    None: null,
    range,
    raise_exception: (message: unknown) => {
      throw new TemplateRaised(String(message));
    },
    strftime_now: (format: unknown) => strftime(PINNED_DATE, String(format)),
  };
  for (const [name, value] of Object.entries({ ...globals, ...variables })) env.set(name, value);
  return env;
}

/** Python's range(), which templates use for loops over indices. */
function range(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new Error('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

async function requireFolder(folder: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(folder)).isDirectory();
  } catch (error) {
    throw fileFailure(error, folder, 'no such folder');
  }
  if (!isDirectory) {
    throw new DataError(`not a folder; expected a tokenizer folder holding ${CONFIG_FILE}`, { file: folder });
  }
}

async function findTemplate(
  folder: string,
  configFile: string,
  config: Record<string, unknown>,
): Promise<{ source: string; text: string }> {
  const jinjaFile = join(folder, JINJA_FILE);
  const jinja = await readText(jinjaFile, false);
  if (jinja !== undefined) {
    if (jinja.trim() === '') throw new DataError('empty chat template', { file: jinjaFile });
    return { source: jinjaFile, text: jinja };
  }
  if (config.chat_template !== undefined && config.chat_template !== null) {
    return { source: configFile, text: pickTemplate(config.chat_template, configFile) };
  }
  const jsonFile = join(folder, JSON_FILE);
  const json = await readText(jsonFile, false);
  if (json !== undefined) {
    const value = (await readJsonObject(jsonFile, json)).chat_template;
    if (value === undefined || value === null) throw new DataError('no "chat_template" field', { file: jsonFile });
    return { source: jsonFile, text: pickTemplate(value, jsonFile) };
  }
  throw new DataError(`no "chat_template" field (and no ${JINJA_FILE} or ${JSON_FILE} beside it)`, {
    file: configFile,
  });
}

/** A template string, or the entry named "default" of a list (what transformers uses without tools). */
function pickTemplate(value: unknown, file: string): string {
  if (typeof value === 'string') {
    if (value.trim() === '') throw new DataError('"chat_template" is empty', { file });
    return value;
  }
  if (!Array.isArray(value)) {
    throw new DataError(
      `"chat_template" must be a string or a list of {name, template}, found ${describeValue(value)}`,
      { file },
    );
  }
  const names: string[] = [];
  for (const [i, entry] of value.entries()) {
    const { name, template } = (entry ?? {}) as { name?: unknown; template?: unknown };
    if (typeof name !== 'string' || typeof template !== 'string') {
      throw new DataError(`"chat_template"[${i}] is not a {name, template} object of strings`, { file });
    }
    if (name === 'default') return pickTemplate(template, file);
    names.push(JSON.stringify(name));
  }
  throw new DataError(`"chat_template" has no template named "default" (found: ${names.join(', ') || 'none'})`, {
    file,
  });
}

/** Special tokens are strings or AddedToken objects ({content, ...}); templates see strings. */
function specialTokens(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SPECIAL_TOKEN_KEYS) {
    const token = tokenText(config[key]);
    if (token !== undefined) out[key] = token;
  }
  const extra = config.additional_special_tokens;
  if (Array.isArray(extra)) {
    out.additional_special_tokens = extra.map(tokenText).filter((t): t is string => t !== undefined);
  }
  return out;
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const content = (value as { content?: unknown }).content;
    if (typeof content === 'string') return content;
  }
  return undefined;
}

/** The file's text; undefined when an optional file is absent. */
async function readText(file: string, required: true): Promise<string>;
async function readText(file: string, required: false): Promise<string | undefined>;
async function readText(file: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw fileFailure(error, file, 'no such file');
  }
}

async function readJsonObject(file: string, text: string): Promise<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(`invalid JSON: ${oneLine(error)}`, { file });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataError(`expected a JSON object, found ${describeValue(value)}`, { file });
  }
  return value as Record<string, unknown>;
}

function fileFailure(error: unknown, file: string, missing: string): DataError {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new DataError(missing, { file });
  return new DataError(errnoText(error, 'read') ?? `cannot read: ${oneLine(error)}`, { file });
}

/** Messages from JSON.parse or the template engine, folded to the one line the CLI prints. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Python's strftime in the C locale, for the codes chat templates use; others stay as written. */
function strftime(date: Date, format: string): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const month = MONTHS[date.getUTCMonth()] ?? '';
  const day = DAYS[date.getUTCDay()] ?? '';
  return format.replace(/%-?[YymdbBaAHMS%]/g, (code) => {
    switch (code) {
      case '%Y': return String(date.getUTCFullYear());
      case '%y': return pad(date.getUTCFullYear() % 100);
      case '%m': return pad(date.getUTCMonth() + 1);
      case '%-m': return String(date.getUTCMonth() + 1);
      case '%d': return pad(date.getUTCDate());
      case '%-d': return String(date.getUTCDate());
      case '%b': return month.slice(0, 3);
      case '%B': return month;
      case '%a': return day.slice(0, 3);
      case '%A': return day;
      case '%H': return pad(date.getUTCHours());
      case '%M': return pad(date.getUTCMinutes());
      case '%S': return pad(date.getUTCSeconds());
      case '%%': return '%';
      default: return code;
    }
  });
}
