import type { WorkerBrowser } from './browser';

/** The platform name the server expects (docs/protocol.md §1). */
export function platformName(os: string): string {
  if (os === 'win') return 'Chrome-Windows';
  if (os === 'mac') return 'Chrome-Mac';
  return 'Chrome-Other';
}

/** This browser's platform and device name, read once at start ('Chrome-Other' until then). */
export function createPlatform(runtime: Pick<WorkerBrowser['runtime'], 'getPlatformInfo'>) {
  let platform = 'Chrome-Other';
  let deviceName = 'Chrome-Other';
  return {
    async load(): Promise<void> {
      const info = await runtime.getPlatformInfo();
      platform = platformName(info.os);
      deviceName = `${platform}-${info.arch.replace(/_/g, '-')}`;
    },
    /** `Chrome-Windows`, `Chrome-Mac` or `Chrome-Other`: the `platform` header. */
    name: (): string => platform,
    /** Platform plus CPU architecture (`Chrome-Windows-x86-64`), sent when binding. */
    deviceName: (): string => deviceName,
  };
}
