/**
 * Small file systems for fault tests: a tmpfs of a few hundred KB fills up (ENOSPC), and
 * one mounted read-only refuses every write (EROFS). Mounting needs root, which the tests
 * and CI have; a test that cannot mount fails, saying so, rather than being skipped.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';

/** A user with no rights over root's files, for permission faults (root ignores file modes). */
export const NOBODY = 65534;

export interface MountOptions {
  /** tmpfs size, e.g. "512k". */
  readonly size: string;
  readonly readOnly?: boolean;
}

/**
 * Call at the top of a test file; `mount` then returns a fresh folder with a tmpfs mounted
 * on it, unmounted and removed after each test.
 */
export function useMounts(): (options: MountOptions) => string {
  let mounted: string[] = [];
  afterEach(() => {
    for (const dir of mounted) {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
    mounted = [];
  });
  return ({ size, readOnly }) => {
    const dir = mkdtempSync(join(tmpdir(), 'mosaic-it-mount-'));
    // Reachable by any user, for tests that run the CLI as NOBODY.
    chmodSync(dir, 0o755);
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777${readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
    expect(r.status, `mounting a tmpfs at ${dir} needs root (as CI runs): ${r.stderr}`).toBe(0);
    mounted.push(dir);
    return dir;
  };
}
