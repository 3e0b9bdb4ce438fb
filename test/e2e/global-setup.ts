import { chromiumPath } from '../../scripts/chromium';

/** Fails the run at once, with the fix, when there is no browser to test in. */
export default function globalSetup(): void {
  chromiumPath();
}
