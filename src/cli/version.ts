import { createRequire } from 'node:module';

/** The version in package.json, for --version and manifests. */
export function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}
