import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commandOf } from '../../src/cli/command-table.js';
import { CONFIG_KEYS } from '../../src/cli/config-file.js';

describe('--config keys', () => {
  it('are exactly the long names of augment flags (less --config), plus inputs', () => {
    const ctx = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '.', signal: new AbortController().signal };
    const flags = commandOf('augment', ctx)
      .options.map((o) => (o.long ?? '').replace(/^--(no-)?/, ''))
      .filter((name) => name !== 'config');
    expect([...CONFIG_KEYS].sort()).toEqual(['inputs', ...flags].sort());
  });
});
