import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Llama-2's tokenizer.json as a file written at build time (`npm run build` runs
 * scripts/llama2-data.mjs after tsc), so that a run reads 1 MB instead of loading
 * llama-tokenizer-js and rebuilding the file from its data (about 0.2 s per run).
 *
 * The file sits beside this module, with a stamp naming what it was built from: the
 * builder module's own text and llama-tokenizer-js's version. A missing file or a stamp
 * that no longer matches (a tsc-only build after a change, a new package version) means
 * the file is built at run time as before, so a stale copy can never be used.
 */
const DATA_NAME = 'llama2.tokenizer.json';
const STAMP_NAME = 'llama2.tokenizer.stamp';
const BUILDER = './llama2-json.js';

const here = new URL('.', import.meta.url);

/** The tokenizer.json text: the stored copy when it is current, else built now. */
export async function llama2Json(folder: URL = here): Promise<string> {
  const [stored, stamp, current] = await Promise.all([
    readFile(new URL(DATA_NAME, folder), 'utf8').catch(() => null),
    readFile(new URL(STAMP_NAME, folder), 'utf8').catch(() => null),
    currentStamp(),
  ]);
  if (stored !== null && current !== null && stamp === current) return stored;
  return (await import('./llama2-json.js')).llama2TokenizerJson();
}

/**
 * Writes the stored copy and its stamp into `folder` (this module's by default). Each
 * file is written beside its place and renamed, so a reader never sees half a file.
 */
export async function writeLlama2Data(folder: URL = here): Promise<void> {
  const stamp = await currentStamp();
  if (stamp === null) throw new Error(`cannot stamp the Llama-2 data: no ${fileURLToPath(new URL(BUILDER, import.meta.url))} or no llama-tokenizer-js`);
  const { llama2TokenizerJson } = await import('./llama2-json.js');
  await replace(new URL(DATA_NAME, folder), llama2TokenizerJson());
  await replace(new URL(STAMP_NAME, folder), stamp);
}

/**
 * What the stored copy must have been built from: the builder module's text as it sits
 * beside this one (compiled in dist/, the TypeScript source when run from src/ by the
 * tests) and the version of the package its data comes from.
 */
async function currentStamp(): Promise<string | null> {
  const builder =
    (await readFile(new URL(BUILDER, import.meta.url)).catch(() => null)) ??
    (await readFile(new URL(BUILDER.replace(/\.js$/, '.ts'), import.meta.url)).catch(() => null));
  if (builder === null) return null;
  let version: unknown;
  try {
    const manifest = createRequire(import.meta.url).resolve('llama-tokenizer-js/package.json');
    version = (JSON.parse(await readFile(manifest, 'utf8')) as { version?: unknown }).version;
  } catch {
    return null;
  }
  const builderHash = createHash('sha256').update(builder).digest('hex');
  return `llama-tokenizer-js ${String(version)}\nbuilder sha256 ${builderHash}\n`;
}

async function replace(target: URL, text: string): Promise<void> {
  const partial = new URL(`${target.pathname.split('/').pop() as string}.partial`, target);
  await writeFile(partial, text);
  await rename(partial, target);
}
