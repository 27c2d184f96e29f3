import type { LanguagePack } from './pack.js';

// Placeholder until the pack-file loader lands (issue 14).
export async function loadPackFile(path: string): Promise<{ pack: LanguagePack; sha256: string }> {
  throw new Error(`pack files are not supported yet: ${path}`);
}
