// Loaded with `node --import` into a benchmarked CLI run: reports the process's peak
// resident memory and its CPU time (every thread) on exit, so the CLI itself carries no
// benchmarking code. CPU time says more than wall time when other jobs share the cores.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\n@@bench maxRSS_KB=${usage.maxRSS} cpu_us=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
