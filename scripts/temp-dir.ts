import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Folders this process made under the system's temporary folder, removed when it exits. */
const made = new Set<string>();

function removeMade() {
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A browser still writing into its profile: left for the system to clear.
    }
  }
}

/**
 * A new temporary folder named `prefix…`, kept for as long as this process runs (a relaunch
 * may reuse a profile after its browser closed) and removed when it exits: a test run leaves
 * no builds, profiles or databases behind.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (made.size === 0) process.once('exit', removeMade);
  made.add(dir);
  return dir;
}
