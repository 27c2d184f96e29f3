import { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: being written.
export function inspectCommand(ctx: CliContext): Command {
  void ctx;
  return new Command('inspect');
}
