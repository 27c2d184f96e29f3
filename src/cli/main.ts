import { Command, CommanderError } from 'commander';
import { ClosedPipeError, DataError, OutputError, outputFailure, ProblemsFound, UsageError, WriteAbortedError } from '../errors.js';
import { namedByFlag } from './augment-flags.js';
import { augmentCommand } from './commands/augment.js';
import { inspectCommand } from './commands/inspect.js';
import { previewCommand } from './commands/preview.js';
import { templatesCommand } from './commands/templates.js';
import { validateCommand } from './commands/validate.js';
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
  // A failed stdout (a closed pipe, a full disk) must not crash the process with an
  // unhandled 'error' event, nor go unnoticed: its first fault is kept and reported.
  const stdoutFault = watchFaults(process.stdout, 'stdout');

  const ctx: CliContext = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: abort.signal };
  const program = buildProgram(ctx);
  try {
    let code: number;
    try {
      await program.parseAsync(argv as string[]);
      code = 0;
    } catch (error) {
      code = report(error, signalCode);
    }
    if (code !== 0) return code;
    // What a command printed (help included) must have reached its destination.
    await flushed(process.stdout);
    const fault = stdoutFault();
    return fault ? report(fault, signalCode) : 0;
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mosaic-it')
    .description('Mosaic instruction tuning: turn instruction/response pairs into multi-instruction training samples')
    .version(packageVersion(), '-V, --version')
    .configureOutput(outputFor(ctx, 'mosaic-it --help'))
    .exitOverride();
  for (const command of [augmentCommand(ctx), inspectCommand(ctx), previewCommand(ctx), validateCommand(ctx), templatesCommand(ctx)]) {
    program.addCommand(command.exitOverride().configureOutput(outputFor(ctx, `mosaic-it ${command.name()} --help`)));
  }
  return program;
}

/**
 * Commander's output through the context's streams, its errors as the tool's one line:
 * "error: unknown option '--max-token'\n(Did you mean --max-tokens?)" becomes
 * "mosaic-it: unknown option '--max-token' (Did you mean --max-tokens?); see mosaic-it augment --help".
 */
function outputFor(ctx: CliContext, help: string) {
  return {
    writeOut: (s: string) => ctx.stdout.write(s),
    writeErr: (s: string) => ctx.stderr.write(s),
    outputError: (message: string, write: (s: string) => void) => write(`${oneLine(message)}; see ${help}\n`),
  };
}

export function oneLine(commanderMessage: string): string {
  const text = commanderMessage
    .trim()
    .replace(/^error: /, '')
    .replace(/\.$/, '')
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
  return `mosaic-it: ${text}`;
}

/** Whether a message already names the flag (--output, not only --output-format). */
function namesFlag(message: string, flag: string): boolean {
  return message.split(flag).some((_, i, parts) => i > 0 && !/^[\w-]/.test(parts[i] ?? ''));
}

/** The first fault of a stream, as the CLI reports it; the listener stays for the stream's life. */
function watchFaults(stream: NodeJS.WritableStream, name: string): () => unknown {
  let fault: unknown = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    fault ??= error.code === 'EPIPE' ? new ClosedPipeError('output closed') : outputFailure(error, name);
  });
  return () => fault;
}

/** Resolves once everything written to the stream so far is handed to the system (or the stream failed). */
async function flushed(stream: NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean }): Promise<void> {
  if (!stream.destroyed && !stream.writableEnded) await new Promise<void>((resolve) => stream.write('', () => resolve()));
  // A failed write reports its 'error' on a later tick.
  await new Promise<void>((resolve) => setImmediate(resolve));
}

function report(thrown: unknown, signalCode: number): number {
  // The library names an option by its key (maxK); the user typed a flag (--max-k).
  const error = namedByFlag(thrown);
  if (error instanceof CommanderError) {
    // Commander already printed its one line (naming the option), or the help asked for.
    // Help printed because no command was given is a usage error.
    if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : 2;
    return ['commander.helpDisplayed', 'commander.version'].includes(error.code) ? 0 : 2;
  }
  if (error instanceof UsageError) {
    const flag = error.flag && !namesFlag(error.message, error.flag) ? `${error.flag}: ` : '';
    process.stderr.write(`mosaic-it: ${flag}${error.message}\n`);
    return error.exitCode;
  }
  // validate has listed every problem already.
  if (error instanceof ProblemsFound) return error.exitCode;
  if (error instanceof DataError || error instanceof OutputError) {
    process.stderr.write(`mosaic-it: ${error.message}\n`);
    return error.exitCode;
  }
  // A reader that left early (| head): the run did what was asked of it.
  if (error instanceof ClosedPipeError) return error.exitCode;
  if (error instanceof WriteAbortedError || signalCode !== 0) {
    process.stderr.write('mosaic-it: interrupted; no files written\n');
    // The signal's own code when one came (143 for SIGTERM); an abort without one counts as SIGINT's.
    return signalCode !== 0 ? signalCode : (error as WriteAbortedError).exitCode;
  }
  process.stderr.write(`mosaic-it: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}
