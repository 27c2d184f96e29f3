import { Command } from 'commander';
import type { CliContext } from '../context.js';

// Placeholder: being written.
export function previewCommand(ctx: CliContext): Command {
  void ctx;
  return new Command('preview');
}
