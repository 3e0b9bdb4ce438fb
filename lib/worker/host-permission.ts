import { resolveServer, type ServerAddress } from '../push/server-url';

/** `permissions.remove` as the worker uses it (absent where the API is not offered). */
export interface PermissionsArea {
  remove(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * Gives back the host permission of a server the user left (docs/architecture.md §3): the
 * extension keeps access only to the server it talks to. The default server's permission is
 * the manifest's own and stays; a pattern the new server shares (same host, another port) too.
 */
export async function releaseHostPermission(
  permissions: PermissionsArea | undefined,
  left: ServerAddress,
  next: ServerAddress,
  defaultServer: string,
): Promise<boolean> {
  if (!permissions || left.hostPermission === next.hostPermission) return false;
  let required: string | null = null;
  try {
    required = resolveServer(defaultServer).hostPermission;
  } catch {
    // No usable default: nothing is the manifest's own.
  }
  if (left.hostPermission === required) return false;
  try {
    return await permissions.remove({ origins: [left.hostPermission] });
  } catch (error) {
    console.warn('could not remove the host permission of', left.baseUrl, error);
    return false;
  }
}
