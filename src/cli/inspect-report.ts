import type { FileReport, InspectReport } from '../inspect/inspect.js';
import type { HistogramBin } from '../inspect/length-stats.js';
import type { MosaicMix } from '../inspect/mosaic-mix.js';
import type { RuleAvailability } from '../inspect/rule-availability.js';
import type { TrainingCost } from '../inspect/training-cost.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../rule-names.js';
import { describeSkips } from './summary.js';

const BAR_WIDTH = 40;

/** The report as terminal text: one section per file, blank lines between them. */
export function formatInspectReport(report: InspectReport): string {
  const tokenizer = `${report.tokenizer.name}${report.tokenizer.exact ? '' : ', an estimate'}`;
  const sections = report.files.map((file) => fileSection(file, tokenizer, report.baselineEpochs).join('\n'));
  return `${sections.join('\n\n')}\n`;
}

function fileSection(f: FileReport, tokenizer: string, baselineEpochs: number): string[] {
  const lines = [
    f.file,
    `  format     ${f.format ?? 'none (no records)'}${f.format === null ? '' : f.formatDetected ? ' (detected)' : ' (--format)'}`,
    `  records    ${f.records}`,
    `  pairs      ${f.pairs}`,
  ];
  const skips = describeSkips(f.skipped);
  if (skips !== null) lines.push(`  skipped    ${skips}`);
  const t = f.tokens;
  if (t === null) {
    lines.push('  tokens     no pairs to count');
  } else {
    lines.push(
      `  tokens     per pair, system + prompt + response (${tokenizer})`,
      `             total ${t.total}, mean ${t.mean.toFixed(1)}`,
      `             min ${t.min}  p50 ${t.p50}  p90 ${t.p90}  p95 ${t.p95}  p99 ${t.p99}  max ${t.max}`,
      '',
      '  histogram  tokens per pair',
      ...histogramRows(f.histogram),
    );
  }
  if (f.mosaic === null) {
    lines.push('', '  mosaic     no augment --meta provenance: k, strategy mix and training cost need it');
  } else {
    lines.push('', ...mosaicRows(f.mosaic));
  }
  if (f.cost !== null) lines.push('', ...costRows(f.cost, baselineEpochs));
  if (f.rules !== null) lines.push('', ...ruleRows(f.rules));
  return lines;
}

/** Each rule's share of random groups it could not be stated for, with the reasons. */
function ruleRows(r: RuleAvailability): string[] {
  const percent = (n: number): string => (n > 0 && (100 * n) / r.groups < 0.5 ? '<1%' : `${Math.round((100 * n) / r.groups)}%`).padStart(4);
  const kinds = ['format', ...PERMUTE_RULES.map((x) => `permute:${x}`), ...MASKOUT_RULES.map((x) => `maskout:${x}`)];
  const width = Math.max(...kinds.map((k) => k.length));
  const rows = kinds.map((kind) => {
    const reasons = Object.entries(r.unavailable[kind] ?? {}).sort(([, a], [, b]) => (b as number) - (a as number));
    const total = reasons.reduce((sum, [, n]) => sum + (n as number), 0);
    const why = reasons.map(([reason, n]) => `${reason} ${percent(n as number).trim()}`).join(', ');
    return `             ${kind.padEnd(width)}  ${percent(r.groups - total)} available${why ? `  (not: ${why})` : ''}`;
  });
  return [`  rules      in ${r.groups} random groups of 2 to 10 pairs (README: "When a rule is offered")`, ...rows];
}

function histogramRows(bins: readonly HistogramBin[]): string[] {
  const labels = bins.map((b) => (b.from === b.to ? `${b.from}` : `${b.from}-${b.to}`));
  return barRows(labels, bins.map((b) => b.count));
}

function mosaicRows(m: MosaicMix): string[] {
  const epochs = m.epochs.length === 1 ? `epoch ${m.epochs[0]}` : `epochs ${m.epochs.join(', ')}`;
  return [
    `  mosaics    ${m.mosaics} with meta; ${m.epochs.length} augmentation ${m.epochs.length === 1 ? 'pass' : 'passes'} (${epochs}); ${m.sourcesUsed} distinct source records`,
    '',
    '  k          pairs per mosaic',
    ...barRows(
      m.k.map((e) => `${e.k}`),
      m.k.map((e) => e.count),
    ),
    '',
    '  strategies',
    ...shareRows(m.strategies, m.mosaics),
    ...(Object.keys(m.rules).length === 0 ? [] : ['', '  rules', ...shareRows(m.rules, m.mosaics)]),
    '',
    '  languages  of the meta-instructions',
    ...shareRows(m.languages, m.mosaics),
  ];
}

function costRows(c: TrainingCost, epochs: number): string[] {
  const tokens = (n: number | null) => (n === null ? '?' : `${n}`);
  const ratio = (n: number | null) => (n === null ? '?' : n.toFixed(3));
  const table: Array<[string, string, string]> = [
    ['', 'samples', 'tokens'],
    ['mosaic set, trained once', `${c.mosaic.samples}`, `${c.mosaic.tokens}`],
    ...c.mosaic.passes.map((p): [string, string, string] => [`  pass ${p.epoch}`, `${p.samples}`, `${p.tokens}`]),
    ['plain tuning, per epoch', `${c.baseline.samplesPerEpoch}`, tokens(c.baseline.tokensPerEpoch)],
    [`plain tuning, ${epochs} ${epochs === 1 ? 'epoch' : 'epochs'}`, `${c.baseline.samples}`, tokens(c.baseline.tokens)],
    ['mosaic / plain', ratio(c.ratio.samples), ratio(c.ratio.tokens)],
  ];
  const w0 = Math.max(...table.map((r) => r[0].length));
  const w1 = Math.max(...table.map((r) => r[1].length));
  const w2 = Math.max(...table.map((r) => r[2].length));
  const rows = table.map(([a, b, d]) => `    ${a.padEnd(w0)}  ${b.padStart(w1)}  ${d.padStart(w2)}`.trimEnd());
  const plain = `${epochs} ${epochs === 1 ? 'epoch' : 'epochs'} of plain tuning`;
  const verdict = [`  ${change(c.saving.samples, 'training samples')} than ${plain}`];
  if (c.saving.tokens === null) {
    verdict.push('  plain tuning tokens unknown: pass --sources with the files augment read to count them');
  } else {
    // More tokens is the usual outcome, and it is not a bug: say why, so the samples
    // saving is not read as a compute saving it may not be.
    const why = c.saving.tokens < 0 ? ' (each pass holds every pair once, plus meta-instructions: the saving is in samples, i.e. optimizer steps at a fixed batch size)' : '';
    verdict.push(`  ${change(c.saving.tokens, 'tokens')}${why}`);
  }
  return [`  training cost: the mosaic set against plain tuning of the source pairs it uses`, ...rows, ...verdict];
}

/** "73% fewer training samples" / "12% more tokens", from saving = 1 - ratio. */
function change(saving: number | null, what: string): string {
  if (saving === null) return `no ${what} to compare`;
  const percent = Math.round(Math.abs(saving) * 100);
  if (percent === 0) return `about as many ${what}`;
  return `${percent}% ${saving > 0 ? 'fewer' : 'more'} ${what}`;
}

/** "name  count  share%" rows, names padded to one column. */
function shareRows(counts: Readonly<Record<string, number>>, total: number): string[] {
  const entries = Object.entries(counts);
  const w0 = Math.max(...entries.map(([name]) => name.length));
  const w1 = Math.max(...entries.map(([, n]) => `${n}`.length));
  return entries.map(([name, n]) => `    ${name.padEnd(w0)}  ${`${n}`.padStart(w1)}  ${((100 * n) / total).toFixed(1).padStart(5)}%`);
}

/**
 * Labelled horizontal bars scaled to the largest count. A non-empty bin always gets at
 * least one block, so that a rare length still shows up next to a crowded one.
 */
function barRows(labels: readonly string[], counts: readonly number[]): string[] {
  const most = Math.max(0, ...counts);
  const w0 = Math.max(0, ...labels.map((l) => l.length));
  return counts.map((n, i) => {
    const blocks = n === 0 || most === 0 ? 0 : Math.max(1, Math.round((n / most) * BAR_WIDTH));
    return `    ${(labels[i] as string).padStart(w0)}  ${'█'.repeat(blocks).padEnd(BAR_WIDTH)}  ${n}`;
  });
}
