import { cpSync, rmSync, writeFileSync } from 'node:fs';

/** The floor page's path inside the bench copy of the extension. */
export const BLANK_PAGE = 'blank.html';

/**
 * A copy of the built extension with one more page, `blank.html`: an empty document of the
 * same origin, opened the way the popup and the full view are. Its first frame is the floor
 * the page benchmarks divide by. The shipped build is left as built (benchmark 6 sizes it).
 */
export function withBlankPage(extensionDir: string): string {
  const copy = `${extensionDir}-bench`;
  rmSync(copy, { recursive: true, force: true });
  cpSync(extensionDir, copy, { recursive: true });
  writeFileSync(
    `${copy}/${BLANK_PAGE}`,
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>\n',
  );
  return copy;
}
