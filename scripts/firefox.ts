import { existsSync } from 'node:fs';

/**
 * Debian's Firefox ESR, or FIREFOX_PATH. The harness installs the unsigned build into the
 * profile, which ESR, Developer Edition and Nightly allow (xpinstall.signatures.required).
 */
export function firefoxPath(): string {
  const candidates = [
    process.env.FIREFOX_PATH,
    '/usr/bin/firefox-esr',
    '/usr/bin/firefox',
    '/usr/lib/firefox-esr/firefox-esr',
  ];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Firefox found for the Firefox tests. Install one with `sudo apt-get install -y firefox-esr` ' +
        '(Debian/Ubuntu), or set FIREFOX_PATH to a Firefox ESR, Developer Edition or Nightly binary.',
    );
  }
  return found;
}
