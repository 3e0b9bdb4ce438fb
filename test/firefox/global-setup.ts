import { firefoxPath } from '../../scripts/firefox';

/** Fails the run at once, with the fix, when there is no Firefox to test in. */
export default function globalSetup(): void {
  firefoxPath();
}
