import type { IncomingMessage } from 'node:http';

/**
 * Decides `createServer`'s `acceptUpgrade` and `acceptDeviceCall`: while set, refuses every /ws
 * upgrade and, if asked, every logged-in device call too; counts.
 */
export interface UpgradeGate {
  accept(req: IncomingMessage): boolean;
  acceptDeviceCall(req: IncomingMessage): boolean;
  /** `calls`: refuse the device calls too (the catch-up among them), not only upgrades. */
  setRefusing(on: boolean, calls?: boolean): void;
  /** /ws upgrade requests seen, and how many of them were refused; device calls refused. */
  counts(): { upgradeAttempts: number; refusedUpgrades: number; refusedDeviceCalls: number };
}

/** A gate that accepts until told to refuse (a cut network path, as the client sees it). */
export function createUpgradeGate(): UpgradeGate {
  let refusing = false;
  let refusingCalls = false;
  let upgradeAttempts = 0;
  let refusedUpgrades = 0;
  let refusedDeviceCalls = 0;
  return {
    accept() {
      upgradeAttempts++;
      if (refusing) refusedUpgrades++;
      return !refusing;
    },
    acceptDeviceCall() {
      if (refusingCalls) refusedDeviceCalls++;
      return !refusingCalls;
    },
    setRefusing(on, calls = false) {
      refusing = on;
      refusingCalls = on && calls;
    },
    counts: () => ({ upgradeAttempts, refusedUpgrades, refusedDeviceCalls }),
  };
}
