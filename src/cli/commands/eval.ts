import { ProblemsFound, UsageError } from '../../errors.js';
import { buildEval } from '../../eval/build-eval.js';
import { readAnswers, readEvalItems } from '../../eval/read-eval.js';
import { EVAL_CHECKS, scoreAnswers, type EvalScore, type ScoreRow } from '../../eval/score-eval.js';
import { STDIN_NAME } from '../../io/read-json.js';
import { readDataset } from '../../io/read-pairs.js';
import { OutputFiles, type PendingFile } from '../../io/pending-file.js';
import { outputLayout } from '../../io/output-path.js';
import { inferRecordShape } from '../../io/parquet-shape.js';
import { writeRecords, type Container } from '../../io/write-records.js';
import { builtInPacks } from '../../language/built-in.js';
import { chooseLanguages } from '../../language/choice.js';
import { loadPackFile } from '../../language/pack-file.js';
import type { ReadFlags } from '../augment-flags.js';
import { pathIn, type CliContext } from '../context.js';
import { resolveInputs } from '../read-inputs.js';
import { plural } from '../summary.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

export interface BuildFlags extends ReadFlags {
  output?: string;
  reference?: string;
  perRule: string;
  maxInstructions: string;
  seed: string;
  lang: string;
  templates?: string[];
}

export async function runBuild(ctx: CliContext, args: string[], flags: BuildFlags): Promise<void> {
  if (flags.output === undefined) throw new UsageError("required option '-o, --output <file>' not specified", '--output');
  const perRule = wholeNumberFlag(flags.perRule, '--per-rule', 1);
  const maxK = wholeNumberFlag(flags.maxInstructions, '--max-instructions', 2);
  const seed = wholeNumberFlag(flags.seed, '--seed', 0);
  const inputs = await resolveInputs(ctx, args, flags);
  const user = await Promise.all((flags.templates ?? []).map(async (file) => (await loadPackFile(file)).pack));
  const languages = chooseLanguages(flags.lang, builtInPacks(), user);
  // Both files' containers are known, and both are opened, before anything is read.
  const layout = async (path: string, flag: string) =>
    outputLayout(path, undefined, pathIn(ctx, path)).catch((error: unknown) => {
      throw error instanceof UsageError ? new UsageError(error.message, flag) : error;
    });
  const outputLayoutOf = await layout(flags.output, '--output');
  const referenceLayout = flags.reference === undefined ? undefined : await layout(flags.reference, '--reference');
  const outputs = new OutputFiles();
  try {
    const open = async (path: string) => (path === '-' ? undefined : outputs.add(path, pathIn(ctx, path)));
    const output = await open(flags.output);
    const reference = flags.reference === undefined ? undefined : await open(flags.reference);
    const data = await readDataset(inputs.sources, { ...inputs.readOptions, signal: ctx.signal });
    const built = buildEval(data.pairs, { seed, perRule, maxK, languages });
    if (built.items.length === 0) throw new UsageError('no prompt could be built: the inputs need at least two usable pairs of one language', '<input...>');
    // In the container the name implies, as augment writes (a Parquet file's columns from all its records).
    const write = async (records: readonly object[], { container, gzip }: { container: Container; gzip: boolean }, file: PendingFile | undefined) => {
      const parquet = container === 'parquet' ? { shape: inferRecordShape(records) } : undefined;
      const target = file ? { file, container, gzip, parquet } : { stream: ctx.stdout, name: 'stdout', container, parquet };
      await writeRecords(listed(records), target, ctx.signal);
    };
    await write(built.items, outputLayoutOf, output);
    if (referenceLayout) await write(built.references, referenceLayout, reference);
    await outputs.commit();
    const short = built.shortfalls.map((s) => `${s.lang} ${s.task.strategy}${s.task.rule ? `:${s.task.rule}` : ''} ${s.built}`);
    const where = flags.output === '-' ? 'stdout' : flags.output;
    ctx.stderr.write(`mosaic-it: ${plural(built.items.length, 'prompt')} written to ${where} (${perRule} per strategy and rule and language)\n`);
    if (short.length > 0) ctx.stderr.write(`mosaic-it: fewer where the data rarely lets the rule hold beyond doubt: ${short.join(', ')}\n`);
  } finally {
    await outputs.discard();
  }
}

export async function runScore(ctx: CliContext, evalFile: string, answersFile: string, flags: { json?: boolean }): Promise<void> {
  if (evalFile === '-' && answersFile === '-') throw new UsageError('stdin ("-") can be read only once', '<answers>');
  const source = (path: string) => (path === '-' ? { name: STDIN_NAME, stream: ctx.stdin } : { name: path, path: pathIn(ctx, path) });
  const items = await readEvalItems(source(evalFile), ctx.signal);
  const answers = await readAnswers(source(answersFile), ctx.signal);
  const known = new Set(items.map((i) => i.id));
  const strays = [...answers.keys()].filter((id) => !known.has(id));
  const score = scoreAnswers(items, answers);
  if (flags.json) ctx.stdout.write(`${JSON.stringify({ ...score, strays }, null, 2)}\n`);
  else ctx.stdout.write(scoreTable(score));
  if (score.unanswered.length > 0) ctx.stderr.write(`mosaic-it: warning: ${plural(score.unanswered.length, 'prompt')} without an answer, scored as failing (first: ${score.unanswered[0]})\n`);
  if (strays.length > 0) ctx.stderr.write(`mosaic-it: warning: ${plural(strays.length, 'answer')} for ids not in ${evalFile}, ignored (first: ${strays[0]})\n`);
}

/** The score as a fixed-width table: one row per strategy and rule, then overall. */
export function scoreTable(score: EvalScore): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const header = ['task', 'prompts', 'prompt strict', 'prompt loose', 'instr. strict', 'instr. loose', ...EVAL_CHECKS];
  const line = (r: ScoreRow) => [
    r.task,
    String(r.prompts),
    pct(r.promptStrict),
    pct(r.promptLoose),
    pct(r.instructionStrict),
    pct(r.instructionLoose),
    ...EVAL_CHECKS.map((c) => {
      const t = r.checks[c];
      return t ? pct(t.passed / t.of) : '-';
    }),
  ];
  const rows = [header, ...score.rows.map(line), line(score.overall)];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const format = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  return `${rows.map(format).join('\n')}\n(checks are strict; "-": does not apply)\n`;
}

async function* listed<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
