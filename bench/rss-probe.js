// Loaded with `node --import` into a benchmarked CLI run: reports the process's peak
// resident memory on exit, so the CLI itself carries no benchmarking code.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\n@@bench maxRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
