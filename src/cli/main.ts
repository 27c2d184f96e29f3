import { Command, CommanderError } from 'commander';
import { ClosedPipeError, DataError, OutputError, outputFailure, ProblemsFound, UsageError, WriteAbortedError } from '../errors.js';
import { namedByFlag } from './augment-flags.js';
import { commandOf, COMMANDS, type CommandName } from './command-table.js';
import type { CliContext } from './context.js';
import { packageVersion } from './version.js';

/**
 * The process adapter, the only place that reads argv and the process's streams or
 * signals: SIGINT/SIGTERM abort the run's signal (with the signal's name as the reason),
 * and the exit code comes back for bin/ to set. Everything else is runCommandLine's.
 */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const abort = new AbortController();
  const onSignal = (name: NodeJS.Signals) => () => abort.abort(name);
  const onInt = onSignal('SIGINT');
  const onTerm = onSignal('SIGTERM');
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  const ctx: CliContext = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: abort.signal };
  try {
    return await runCommandLine(ctx, argv.slice(2));
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

/** Exit codes of the signals main() turns into an abort: 128 + the signal's number. */
const SIGNAL_EXIT_CODES: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/**
 * Runs one command line (the arguments after the program's name) against a context and
 * returns the exit code; every message goes to ctx.stderr. Exit codes: 0 success (also
 * when a pipe reader left early), 1 data error, 2 usage error, 70 internal error (with a
 * stack, since it is a bug), 128 + signal number when interrupted (130 when ctx.signal
 * was aborted for another reason).
 */
export async function runCommandLine(ctx: CliContext, args: readonly string[]): Promise<number> {
  // A failed stdout (a closed pipe, a full disk) must not crash the process with an
  // unhandled 'error' event, nor go unnoticed: its first fault is kept and reported.
  const stdoutFault = watchFaults(ctx.stdout, 'stdout');
  const signalCode = () => (ctx.signal.aborted ? (SIGNAL_EXIT_CODES[String(ctx.signal.reason)] ?? 130) : 0);
  const program = buildProgram(ctx);
  let code: number;
  try {
    await program.parseAsync(args as string[], { from: 'user' });
    code = 0;
  } catch (error) {
    code = report(error, signalCode(), ctx.stderr);
  }
  if (code !== 0) return code;
  // What a command printed (help included) must have reached its destination.
  const failure = await flushed(ctx.stdout);
  const fault = stdoutFault() ?? (failure === null ? null : faultOf(failure, 'stdout'));
  return fault ? report(fault, signalCode(), ctx.stderr) : 0;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('mosaic-it')
    .description('Mosaic instruction tuning: turn instruction/response pairs into multi-instruction training samples')
    .version(packageVersion(), '-V, --version')
    .configureOutput(outputFor(ctx, 'mosaic-it --help'))
    .exitOverride();
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    program.addCommand(withOurErrors(ctx, commandOf(name, ctx), `mosaic-it ${name}`));
  }
  return program;
}

/**
 * A command and its subcommands (eval build, eval score) throw instead of exiting, and say
 * their errors as the tool's one line through the context's streams.
 */
function withOurErrors(ctx: CliContext, command: Command, path: string): Command {
  command.exitOverride().configureOutput(outputFor(ctx, `${path} --help`));
  for (const sub of command.commands) withOurErrors(ctx, sub, `${path} ${sub.name()}`);
  return command;
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
  stream.on('error', (error: unknown) => {
    fault ??= faultOf(error, name);
  });
  return () => fault;
}

/** A stream's failure as the CLI reports it: a reader that left (EPIPE) is not one. */
function faultOf(error: unknown, name: string): unknown {
  return (error as NodeJS.ErrnoException).code === 'EPIPE' ? new ClosedPipeError('output closed') : outputFailure(error, name);
}

/**
 * Resolves once everything written to the stream so far is handed to the system, with the
 * stream's failure (null if none). The failure is taken from the stream itself too, not
 * only from its 'error' event: a stream that closes a file first (fs.WriteStream) emits
 * that event only after the close, later than this.
 */
async function flushed(stream: NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean; errored?: Error | null }): Promise<unknown> {
  const failed = !stream.destroyed && !stream.writableEnded ? await new Promise<unknown>((resolve) => stream.write('', (error) => resolve(error ?? null))) : null;
  // A failed write reports its 'error' on a later tick.
  await new Promise<void>((resolve) => setImmediate(resolve));
  return stream.errored ?? failed;
}

function report(thrown: unknown, signalCode: number, stderr: NodeJS.WritableStream): number {
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
    stderr.write(`mosaic-it: ${flag}${error.message}\n`);
    return error.exitCode;
  }
  // validate has listed every problem already.
  if (error instanceof ProblemsFound) return error.exitCode;
  if (error instanceof DataError || error instanceof OutputError) {
    stderr.write(`mosaic-it: ${error.message}\n`);
    return error.exitCode;
  }
  // A reader that left early (| head): the run did what was asked of it.
  if (error instanceof ClosedPipeError) return error.exitCode;
  if (error instanceof WriteAbortedError || signalCode !== 0) {
    stderr.write('mosaic-it: interrupted; no files written\n');
    // The signal's own code when one came (143 for SIGTERM); an abort without one counts as SIGINT's.
    return signalCode !== 0 ? signalCode : (error as WriteAbortedError).exitCode;
  }
  stderr.write(`mosaic-it: internal error (please report it):\n${(error as Error)?.stack ?? String(error)}\n`);
  return 70;
}
