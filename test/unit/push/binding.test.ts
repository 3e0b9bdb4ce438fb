import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApiError, type Api, type ApiTarget } from '../../../lib/push/api';
import { BINDING_KEY, createBinding, type BindingState } from '../../../lib/push/binding';
import { REPORT_RETRY_S } from '../../../lib/push/push-token-reporter';
import { createAccounts } from '../../../lib/storage/accounts';
import { openWxpDB } from '../../../lib/storage/db';
import { createFakeClock } from '../helpers';

const SERVER = 'http://a.example';

function setup(opts: { serverAhead?: number } = {}) {
  fakeBrowser.reset();
  globalThis.indexedDB = new IDBFactory();
  const clock = createFakeClock();
  let server = SERVER;
  const serverNow = () => clock.now() + (opts.serverAhead ?? 0);
  /** Calls made through `api.at(target)`, with the target they went to. */
  const targeted: { path: string; target: ApiTarget }[] = [];
  const device = {
    updateDeviceInfo: vi.fn(async (_body: object): Promise<unknown> => null),
    getUserDeviceInfo: vi.fn(async (): Promise<unknown> => ({
      uid: 'UID_1',
      nickName: 'Ann',
      deviceUuid: 'D1',
    })),
    logout: vi.fn(async (): Promise<unknown> => null),
  };
  const api = {
    createLoginCode: vi.fn(async () => ({ code: 'LC_1', expires: serverNow() + 5 * 60_000 })),
    qrImageUrl: (code: string) => `${server}/api/qrcode/${code}.jpg`,
    registerDevice: vi.fn(
      async (_body: object): Promise<{ deviceUuid: string; deviceToken: string }> => {
        throw new ApiError(10000, 'not scanned');
      },
    ),
    at: (target: ApiTarget) => ({
      updateDeviceInfo: (body: object) => {
        targeted.push({ path: 'update-device-info', target });
        return device.updateDeviceInfo(body);
      },
      getUserDeviceInfo: () => {
        targeted.push({ path: 'get-user-device-info', target });
        return device.getUserDeviceInfo();
      },
      logout: () => {
        targeted.push({ path: 'logout', target });
        return device.logout();
      },
    }),
  };
  const accounts = createAccounts(openWxpDB());
  const states: BindingState[] = [];
  const onBound = vi.fn();
  const onRegistered = vi.fn();
  const binding = createBinding({
    api: api as unknown as Api,
    area: fakeBrowser.storage.local as never,
    clock,
    server: () => server,
    accounts,
    toLocalTime: (t) => t - (opts.serverAhead ?? 0),
    deviceName: () => 'Chrome-Other-x86-64',
    platform: () => 'Chrome-Other',
    pushToken: async () => 'PT_1',
    onChange: (s) => states.push(s),
    onBound,
    onRegistered,
  });
  return {
    binding,
    api,
    device,
    accounts,
    clock,
    states,
    onBound,
    onRegistered,
    targeted,
    useServer: (url: string) => (server = url),
  };
}

const stored = async () => (await fakeBrowser.storage.local.get(BINDING_KEY))[BINDING_KEY];

/** Asks for a code and lets the next poll succeed as device `deviceUuid`. */
async function bindAs(t: ReturnType<typeof setup>, deviceUuid = 'D1', deviceToken = 'DT1') {
  await t.binding.requestLoginCode();
  t.api.registerDevice.mockResolvedValueOnce({ deviceUuid, deviceToken });
  await t.clock.advance(3_000);
  await vi.waitFor(() => expect(t.binding.isBound()).toBe(true));
}

describe('binding', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('waits for the scan, polling every 3 s, then learns the account and is bound', async () => {
    await t.binding.load();
    const waiting = await t.binding.requestLoginCode();
    expect(waiting).toEqual({
      kind: 'waiting',
      code: 'LC_1',
      qrUrl: `${SERVER}/api/qrcode/LC_1.jpg`,
      expiresAt: t.clock.now() + 300_000,
    });
    await t.clock.advance(9_000);
    expect(t.api.registerDevice).toHaveBeenCalledTimes(3);
    expect(t.api.registerDevice).toHaveBeenCalledWith({
      code: 'LC_1',
      pushToken: 'PT_1',
      deviceName: 'Chrome-Other-x86-64',
    });
    t.api.registerDevice.mockResolvedValueOnce({ deviceUuid: 'D1', deviceToken: 'DT1' });
    await t.clock.advance(3_000);
    await vi.waitFor(() => expect(t.binding.isBound()).toBe(true));

    expect(t.binding.getState()).toEqual({ kind: 'bound', deviceUuid: 'D1', account: 1 });
    expect(t.binding.token()).toBe('DT1');
    expect(t.onBound).toHaveBeenCalledTimes(1);
    expect(await stored()).toEqual({
      server: SERVER,
      deviceUuid: 'D1',
      deviceToken: 'DT1',
      registeredPushToken: 'PT_1',
      account: 1,
    });
    expect(await t.accounts.get(1)).toMatchObject({ server: SERVER, uid: 'UID_1', name: 'Ann' });
    expect(await t.accounts.current()).toBe(1);
    expect(t.binding.target()).toMatchObject({ account: 1, baseUrl: SERVER, deviceToken: 'DT1' });
    await t.clock.advance(30_000);
    expect(t.api.registerDevice).toHaveBeenCalledTimes(4);
  });

  it('the same user bound again continues its account; another user gets a new one', async () => {
    await bindAs(t);
    await t.binding.unbind();
    await bindAs(t, 'D1', 'DT2');
    expect(t.binding.account()).toBe(1);
    await t.binding.unbind();
    t.device.getUserDeviceInfo.mockResolvedValueOnce({ uid: 'UID_2', nickName: 'Bo' });
    await bindAs(t, 'D1', 'DT3');
    expect(t.binding.account()).toBe(2);
  });

  it('a server that names no user: the account is the device’s', async () => {
    t.device.getUserDeviceInfo.mockRejectedValue(new ApiError(1004, 'no such endpoint'));
    await bindAs(t);
    expect(await t.accounts.get(1)).toMatchObject({ uid: '', deviceUuid: 'D1' });
    await t.binding.unbind();
    await bindAs(t, 'D1', 'DT2');
    expect(t.binding.account()).toBe(1);
  });

  it('binds only once the account is known: a network failure asking for it is retried', async () => {
    t.device.getUserDeviceInfo.mockRejectedValueOnce(new ApiError(0, 'offline'));
    await t.binding.requestLoginCode();
    t.api.registerDevice.mockResolvedValueOnce({ deviceUuid: 'D1', deviceToken: 'DT1' });
    await t.clock.advance(3_000);
    expect(t.binding.getState().kind).toBe('waiting');
    await t.clock.advance(3_000);
    await vi.waitFor(() => expect(t.binding.isBound()).toBe(true));
    // The device was registered once; only the question was asked again.
    expect(t.api.registerDevice).toHaveBeenCalledTimes(1);
    expect(t.device.getUserDeviceInfo).toHaveBeenCalledTimes(2);
  });

  it('binding again to the same server presents this browser’s device; to another, not', async () => {
    await bindAs(t);
    await t.binding.unbind();
    await bindAs(t, 'D1', 'DT2');
    expect(t.api.registerDevice).toHaveBeenLastCalledWith(
      expect.objectContaining({ deviceUuid: 'D1' }),
    );
    await t.binding.unbind();
    t.useServer('http://b.example');
    await bindAs(t, 'D9', 'DT9');
    expect(t.api.registerDevice.mock.lastCall![0]).not.toHaveProperty('deviceUuid');
    expect(t.binding.account()).toBe(2);
  });

  it('stops polling when the code expires, and on a refusal shows the server text', async () => {
    await t.binding.requestLoginCode();
    await t.clock.advance(6 * 60_000);
    const calls = t.api.registerDevice.mock.calls.length;
    expect(calls).toBeLessThanOrEqual(100);
    await t.clock.advance(60_000);
    expect(t.api.registerDevice).toHaveBeenCalledTimes(calls);
    expect(t.clock.pending()).toBe(0);

    t.api.registerDevice.mockRejectedValueOnce(new ApiError(1001, 'code used'));
    await t.binding.requestLoginCode();
    await t.clock.advance(3_000);
    expect(t.binding.getState()).toMatchObject({ kind: 'waiting', error: { server: 'code used' } });
    expect(t.clock.pending()).toBe(0);
  });

  it('a binding kept before accounts loads as the history’s account, reports a new pushToken, and drops on 1002', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_old' },
    });
    await t.binding.load();
    expect(t.binding.getState()).toEqual({ kind: 'bound', deviceUuid: 'D1', account: 1 });
    expect(await stored()).toMatchObject({ server: SERVER, account: 1 });
    // The user behind it is learnt in the background.
    await vi.waitFor(async () => expect((await t.accounts.get(1))?.uid).toBe('UID_1'));
    await t.binding.onPushToken('PT_old');
    expect(t.device.updateDeviceInfo).not.toHaveBeenCalled();
    await t.binding.onPushToken('PT_new');
    expect(t.device.updateDeviceInfo).toHaveBeenCalledWith({
      pushToken: 'PT_new',
      deviceUuid: 'D1',
      platform: 'Chrome-Other',
    });
    expect(t.binding.pushTokenRegistered()).toBe(true);
    t.device.updateDeviceInfo.mockRejectedValueOnce(new ApiError(1002, 'token invalid'));
    await t.binding.onPushToken('PT_newer');
    expect(t.binding.getState()).toEqual({
      kind: 'unbound',
      reason: 'expired',
      error: { server: 'token invalid' },
    });
    expect(await stored()).toEqual({ deviceUuid: 'D1', server: SERVER });
  });

  it('retries reporting a pushToken with backoff until the server has it', async () => {
    await bindAs(t);
    t.device.updateDeviceInfo.mockRejectedValueOnce(new ApiError(0, 'offline'));
    t.device.updateDeviceInfo.mockRejectedValueOnce(new ApiError(1005, 'server error'));
    await t.binding.onPushToken('PT_2');
    expect(t.binding.pushTokenRegistered()).toBe(false);
    await t.clock.advance(REPORT_RETRY_S[0] * 1000);
    expect(t.device.updateDeviceInfo).toHaveBeenCalledTimes(2);
    await t.clock.advance(REPORT_RETRY_S[1] * 1000);
    expect(t.device.updateDeviceInfo).toHaveBeenCalledTimes(3);
    expect(t.binding.pushTokenRegistered()).toBe(true);
    expect(t.onRegistered).toHaveBeenCalledTimes(1);
    expect(await stored()).toMatchObject({ registeredPushToken: 'PT_2' });
    // A newer socket's token replaces the one being retried.
    t.device.updateDeviceInfo.mockRejectedValueOnce(new ApiError(0, 'offline'));
    await t.binding.onPushToken('PT_3');
    await t.binding.onPushToken('PT_4');
    await t.clock.advance(60_000);
    expect(
      t.device.updateDeviceInfo.mock.calls.map(([b]) => (b as { pushToken: string }).pushToken),
    ).toEqual(['PT_2', 'PT_2', 'PT_2', 'PT_3', 'PT_4']);
  });

  it('unbinds even when the server is down, keeping the deviceUuid', async () => {
    await bindAs(t);
    t.device.logout.mockRejectedValueOnce(new ApiError(0, 'unreachable'));
    await t.binding.unbind();
    expect(t.binding.getState()).toEqual({ kind: 'unbound', reason: 'logged-out' });
    expect(t.binding.token()).toBe('');
    expect(await stored()).toEqual({ deviceUuid: 'D1', server: SERVER });
  });

  it('keeps polling through network errors', async () => {
    t.api.registerDevice.mockRejectedValueOnce(new ApiError(0, 'offline'));
    await t.binding.requestLoginCode();
    await t.clock.advance(6_000);
    expect(t.api.registerDevice).toHaveBeenCalledTimes(2);
    expect(t.binding.getState().kind).toBe('waiting');
  });

  it('a binding to a server no longer in the settings is ended there on load', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: {
        server: 'http://old.example',
        deviceUuid: 'D1',
        deviceToken: 'DT1',
        account: 3,
      },
    });
    await t.binding.load();
    expect(t.binding.isBound()).toBe(false);
    expect(t.targeted).toEqual([
      { path: 'logout', target: { baseUrl: 'http://old.example', deviceToken: 'DT1' } },
    ]);
  });
});

describe('binding: the server’s clock', () => {
  it('a login code’s expiry is the server’s time: a browser 2 h behind still counts it down right', async () => {
    const t = setup({ serverAhead: 2 * 3_600_000 });
    const waiting = await t.binding.requestLoginCode();
    expect(waiting).toMatchObject({ kind: 'waiting', expiresAt: t.clock.now() + 300_000 });
    t.api.registerDevice.mockResolvedValueOnce({ deviceUuid: 'D1', deviceToken: 'DT1' });
    await t.clock.advance(3_000);
    await vi.waitFor(() => expect(t.binding.isBound()).toBe(true));
  });
});

describe('binding: asking again', () => {
  it('reuses a code that is still valid, and replaces one about to expire', async () => {
    const t = setup();
    const first = await t.binding.requestLoginCode();
    expect(await t.binding.requestLoginCode()).toBe(first);
    expect(t.api.createLoginCode).toHaveBeenCalledTimes(1);
    await t.clock.advance(4 * 60_000 + 45_000);
    await t.binding.requestLoginCode();
    expect(t.api.createLoginCode).toHaveBeenCalledTimes(2);
  });

  it('expires on a 1002 from any call, only on a 1002, and only for the binding it was for', async () => {
    const t = setup();
    await t.binding.load();
    await bindAs(t);
    const old = { ...t.binding.target()!, deviceToken: 'DT_old' };
    await t.binding.expireIfUnauthorized(new ApiError(0, 'offline'));
    await t.binding.expireIfUnauthorized(new ApiError(1001, 'refused'));
    await t.binding.expireIfUnauthorized(new Error('other'));
    await t.binding.expireIfUnauthorized(new ApiError(1002, 'late answer'), old);
    expect(t.binding.isBound()).toBe(true);
    await t.binding.expireIfUnauthorized(new ApiError(1002, 'token revoked'));
    expect(t.binding.getState()).toEqual({
      kind: 'unbound',
      reason: 'expired',
      error: { server: 'token revoked' },
    });
    expect(await stored()).toEqual({ deviceUuid: 'D1', server: SERVER });
  });
});
