import { Command, CommanderError } from 'commander';
import { DataError, UsageError } from '../errors.js';
import { ClosedPipeError, OutputError, WriteAbortedError } from '../io/write-records.js';
import { augmentCommand } from './commands/augment.js';
import { inspectCommand } from './commands/inspect.js';
import { previewCommand } from './commands/preview.js';
import { templatesCommand } from './commands/templates.js';
import { ProblemsFound, validateCommand } from './commands/validate.js';
import type { CliContext } from './context.js';
import { packageVersion } from './version.js';

/**
 * The only place that reads argv, prints, or decides an exit code.
 * Exit codes: 0 success (also when a pipe reader left early), 1 data error,
 * 2 usage error, 70 internal error (with a stack, since it is a bug),
 * 128 + signal number when interrupted.
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const abort = new AbortController();
  let signalCode = 0;
  const onSignal = (name: NodeJS.Signals, code: number) => () => {
    signalCode = code;
    abort.abort(name);
  };
  const onInt = onSignal('SIGINT', 130);
  const onTerm = onSignal('SIGTERM', 143);
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  // A closed stdout must not crash the process with an unhandled 'error' event.
  process.stdout.on('error', () => undefined);

  const ctx: CliContext = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: abort.signal };
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    return report(error, signalCode);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mosaic-it')
    .description('Mosaic instruction tuning: turn instruction/response pairs into multi-instruction training samples')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride();
  for (const command of [augmentCommand(ctx), inspectCommand(ctx), previewCommand(ctx), validateCommand(ctx), templatesCommand(ctx)]) {
    program.addCommand(command.exitOverride().showHelpAfterError(`(run "mosaic-it ${command.name()} --help" for usage)`));
  }
  return program;
}

function report(error: unknown, signalCode: number): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (naming the option) and the help hint.
    const quiet = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
    return quiet.includes(error.code) ? 0 : 2;
  }
  if (error instanceof UsageError) {
    const flag = error.flag && !error.message.includes(error.flag) ? `${error.flag}: ` : '';
    process.stderr.write(`mosaic-it: ${flag}${error.message}\n`);
    return 2;
  }
  // validate has listed every problem already.
  if (error instanceof ProblemsFound) return 1;
  if (error instanceof DataError || error instanceof OutputError) {
    process.stderr.write(`mosaic-it: ${error.message}\n`);
    return 1;
  }
  if (error instanceof ClosedPipeError) return 0;
  if (error instanceof WriteAbortedError || signalCode !== 0) {
    process.stderr.write('mosaic-it: interrupted; no files written\n');
    return signalCode || 130;
  }
  process.stderr.write(`mosaic-it: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}
