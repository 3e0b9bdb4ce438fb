import type { IncomingMessage } from 'node:http';

/** Decides `createServer`'s `acceptUpgrade`: refuses every /ws upgrade while set, and counts. */
export interface UpgradeGate {
  accept(req: IncomingMessage): boolean;
  setRefusing(on: boolean): void;
  /** /ws upgrade requests seen, and how many of them were refused. */
  counts(): { upgradeAttempts: number; refusedUpgrades: number };
}

/** A gate that accepts until told to refuse (a cut network path, as the client sees it). */
export function createUpgradeGate(): UpgradeGate {
  let refusing = false;
  let upgradeAttempts = 0;
  let refusedUpgrades = 0;
  return {
    accept() {
      upgradeAttempts++;
      if (refusing) refusedUpgrades++;
      return !refusing;
    },
    setRefusing(on) {
      refusing = on;
    },
    counts: () => ({ upgradeAttempts, refusedUpgrades }),
  };
}
