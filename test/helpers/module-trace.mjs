/**
 * Preloaded with `node --import` (test/smoke/startup.test.ts): appends the URL of every
 * module the process loads, ESM and CommonJS entries alike, one per line, to the file
 * named by MODULE_TRACE. Node runs loader hooks on their own thread, so the URLs go to a
 * file, written before each module runs, rather than back to the process.
 */
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let traceFile;

export function initialize(data) {
  traceFile = data.file;
}

export async function load(url, context, nextLoad) {
  appendFileSync(traceFile, `${url}\n`);
  return nextLoad(url, context);
}

// This file is also the hooks module, loaded again on the hooks thread: register once.
if (isMainThread && process.env.MODULE_TRACE) register(import.meta.url, { data: { file: process.env.MODULE_TRACE } });
