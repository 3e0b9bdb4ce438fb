import type { Accounts } from '../storage/accounts';
import { ApiError, CODE, type TargetApi } from './api';
import type { StoredBinding } from './binding';

/** Who a bound device belongs to, as far as the server says. */
export interface DeviceIdentity {
  /** '' when the server does not name the user. */
  uid: string;
  deviceUuid: string;
  name: string;
}

const text = (value: unknown, max: number) =>
  typeof value === 'string' ? value.trim().slice(0, max) : '';

/**
 * Asks `get-user-device-info` (docs/protocol.md §4) whose device this is: the uid keys the
 * account, so a re-bind of the same user on the same server continues its history. 'retry'
 * when the server could not be asked now; a server that refuses the call (or has no such
 * endpoint) names no user, and the device identifies the account instead. A 1002 is thrown.
 */
export async function identify(
  api: Pick<TargetApi, 'getUserDeviceInfo'>,
  deviceUuid: string,
): Promise<DeviceIdentity | 'retry'> {
  try {
    const data = await api.getUserDeviceInfo();
    const info = data && typeof data === 'object' ? data : {};
    return { uid: text(info.uid, 200), deviceUuid, name: text(info.nickName, 100) };
  } catch (error) {
    if (!(error instanceof ApiError) || error.transient) return 'retry';
    if (error.code === CODE.NOT_LOGGED_IN) throw error;
    return { uid: '', deviceUuid, name: '' };
  }
}

/**
 * A binding kept by a worker before accounts (no `server`, no `account`): it belongs to the
 * server in use, and so does the history kept then (the legacy account, adopted here).
 * Returns the binding as it is now, the same object when nothing changed.
 */
export async function upgradeBinding(
  raw: StoredBinding,
  deps: {
    server: () => string;
    accounts: Pick<Accounts, 'adoptLegacy' | 'resolve'>;
    clock: { now(): number };
  },
): Promise<StoredBinding> {
  const server = raw.server ?? deps.server();
  await deps.accounts.adoptLegacy(server, raw.deviceUuid ?? '');
  if (raw.server !== undefined && (raw.account !== undefined || !raw.deviceToken)) return raw;
  if (raw.account !== undefined || !raw.deviceToken || !raw.deviceUuid) return { ...raw, server };
  const who = { server, uid: '', deviceUuid: raw.deviceUuid, name: '' };
  return { ...raw, server, account: await deps.accounts.resolve(who, deps.clock.now()) };
}

/** Learns the uid of an account known only by its device, once bound (best effort). */
export async function learnUser(
  accounts: Pick<Accounts, 'get' | 'learn'>,
  api: Pick<TargetApi, 'getUserDeviceInfo'>,
  account: number,
  deviceUuid: string,
): Promise<void> {
  const record = await accounts.get(account);
  if (!record || record.uid) return;
  const who = await identify(api, deviceUuid).catch(() => 'retry' as const);
  if (who !== 'retry' && who.uid) await accounts.learn(account, who.uid, who.name);
}
