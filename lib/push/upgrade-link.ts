import { OFFICIAL_SERVER } from './server-url';

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * The link of an upgrade notice (204, docs/protocol.md §3), kept only when it leads to the
 * configured server's origin or the official site: a server may tell of an upgrade, but not
 * send the user to a download anywhere else. '' otherwise.
 */
export function upgradeLink(url: string, serverBaseUrl: string): string {
  const origin = url ? originOf(url) : null;
  if (!origin) return '';
  return origin === originOf(serverBaseUrl) || origin === originOf(OFFICIAL_SERVER) ? url : '';
}
