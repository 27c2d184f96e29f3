/**
 * Where the block worker is started from: beside the built module, or, when the module
 * is a TypeScript source (tests under vitest), the package's built dist/ file.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { blockWorkerUrl } from '../../src/parallel/run-blocks.js';

describe('blockWorkerUrl', () => {
  it('starts the worker beside a built module', () => {
    const url = blockWorkerUrl('file:///pkg/dist/parallel/run-blocks.js', () => false);
    expect(url.href).toBe('file:///pkg/dist/parallel/block-worker.js');
  });

  it('starts the built worker of the same package from a TypeScript source', () => {
    const seen: string[] = [];
    const url = blockWorkerUrl('file:///pkg/src/parallel/run-blocks.ts', (path) => {
      seen.push(path);
      return true;
    });
    expect(url.href).toBe('file:///pkg/dist/parallel/block-worker.js');
    expect(seen).toEqual([fileURLToPath('file:///pkg/dist/parallel/block-worker.js')]);
  });

  it('says to build when the built worker is missing', () => {
    expect(() => blockWorkerUrl('file:///pkg/src/parallel/run-blocks.ts', () => false)).toThrow(/dist\/parallel\/block-worker\.js.*npm run build/);
  });
});
