/** inspect's language mix of a mosaic file, from meta.lang. */
import { describe, expect, it } from 'vitest';
import { MixCounter } from '../../src/inspect/mosaic-mix.js';

describe('MixCounter languages', () => {
  it('counts mosaics per meta.lang, sorted by name, with files older than meta.lang as unknown', () => {
    const mix = new MixCounter();
    const base = { epoch: 0, sources: [0], strategy: 'primary', rule: null };
    for (const lang of ['zh', 'en', 'zh', null, 'plain']) mix.add({ ...base, lang });
    expect(mix.result().languages).toEqual({ en: 1, plain: 1, unknown: 1, zh: 2 });
    expect(Object.keys(mix.result().languages)).toEqual(['en', 'plain', 'unknown', 'zh']);
  });
});
