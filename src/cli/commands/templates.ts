import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { PendingFile } from '../../io/pending-file.js';
import { builtInPacks } from '../../language/built-in.js';
import { loadPackFile, packToYaml } from '../../language/pack-file.js';
import { pathIn, type CliContext } from '../context.js';

export interface TemplatesFlags {
  lang: string;
  output?: string;
  check?: string;
}

/** Prints a built-in pack, or checks a pack file (--check, which takes neither --lang nor --output). */
export async function runTemplates(ctx: CliContext, flags: TemplatesFlags, command: Command): Promise<void> {
  if (flags.check !== undefined) {
    for (const [attribute, flag] of [['lang', '--lang'], ['output', '--output']] as const) {
      if (command.getOptionValueSource(attribute) === 'cli') throw new UsageError(`--check takes no ${flag}`, '--check');
    }
    await checkPack(ctx, flags.check);
    return;
  }
  await dumpPack(ctx, flags);
}

async function checkPack(ctx: CliContext, path: string): Promise<void> {
  const { pack } = await loadPackFile(path).catch((error: unknown) => {
    // The loader names --templates, the flag that will take the file; here it came with --check.
    throw error instanceof UsageError ? new UsageError(error.message, '--check') : error;
  });
  ctx.stdout.write(`${path}: valid pack "${pack.name}" (version ${pack.version})\n`);
}

async function dumpPack(ctx: CliContext, flags: TemplatesFlags): Promise<void> {
  const packs = builtInPacks();
  const pack = packs.find((p) => p.name === flags.lang);
  if (pack === undefined) {
    throw new UsageError(`no built-in pack "${flags.lang}"; accepted: ${packs.map((p) => p.name).join(', ')}`, '--lang');
  }
  const text = packToYaml(pack);
  if (flags.output === undefined || flags.output === '-') ctx.stdout.write(text);
  else await writeFileAtomically(flags.output, pathIn(ctx, flags.output), text);
}

/** Beside the target, synced, renamed over it: an interrupted dump leaves the old file. */
async function writeFileAtomically(path: string, at: string, text: string): Promise<void> {
  const file = await PendingFile.create(path, at);
  try {
    await file.sink(text);
    await file.commit();
  } finally {
    await file.discard();
  }
}
