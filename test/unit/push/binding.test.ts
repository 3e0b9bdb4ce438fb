import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ApiError, type Api } from '../../../lib/push/api';
import { BINDING_KEY, createBinding, type BindingState } from '../../../lib/push/binding';
import { createFakeClock } from '../helpers';

function setup() {
  fakeBrowser.reset();
  const clock = createFakeClock();
  const api = {
    createLoginCode: vi.fn(async () => ({ code: 'LC_1', expires: clock.now() + 5 * 60_000 })),
    qrImageUrl: (code: string) => `http://s/api/qrcode/${code}.jpg`,
    registerDevice: vi.fn(async (): Promise<{ deviceUuid: string; deviceToken: string }> => {
      throw new ApiError(10000, 'not scanned');
    }),
    updateDeviceInfo: vi.fn(async () => null),
    logout: vi.fn(async () => null),
  };
  const states: BindingState[] = [];
  const onBound = vi.fn();
  const binding = createBinding({
    api: api as unknown as Api,
    area: fakeBrowser.storage.local as never,
    clock,
    deviceName: () => 'Chrome-Other-x86-64',
    platform: () => 'Chrome-Other',
    pushToken: async () => 'PT_1',
    onChange: (s) => states.push(s),
    onBound,
  });
  return { binding, api, clock, states, onBound };
}

const stored = async () => (await fakeBrowser.storage.local.get(BINDING_KEY))[BINDING_KEY];

describe('binding', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('waits for the scan, polling every 3 s, then is bound and persisted', async () => {
    await t.binding.load();
    const waiting = await t.binding.requestLoginCode();
    expect(waiting).toEqual({
      kind: 'waiting',
      code: 'LC_1',
      qrUrl: 'http://s/api/qrcode/LC_1.jpg',
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
    expect(t.binding.getState()).toEqual({ kind: 'bound', deviceUuid: 'D1' });
    expect(t.binding.token()).toBe('DT1');
    expect(t.onBound).toHaveBeenCalledTimes(1);
    expect(await stored()).toEqual({
      deviceUuid: 'D1',
      deviceToken: 'DT1',
      registeredPushToken: 'PT_1',
    });
    await t.clock.advance(30_000);
    expect(t.api.registerDevice).toHaveBeenCalledTimes(4);
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

  it('restores a binding on load, reports a new pushToken, and rebinds on 1002', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1', registeredPushToken: 'PT_old' },
    });
    await t.binding.load();
    expect(t.binding.isBound()).toBe(true);
    await t.binding.onPushToken('PT_old');
    expect(t.api.updateDeviceInfo).not.toHaveBeenCalled();
    await t.binding.onPushToken('PT_new');
    expect(t.api.updateDeviceInfo).toHaveBeenCalledWith({
      pushToken: 'PT_new',
      deviceUuid: 'D1',
      platform: 'Chrome-Other',
    });
    t.api.updateDeviceInfo.mockRejectedValueOnce(new ApiError(1002, 'token invalid'));
    await t.binding.onPushToken('PT_newer');
    expect(t.binding.getState()).toEqual({
      kind: 'unbound',
      reason: 'expired',
      error: { server: 'token invalid' },
    });
    expect(await stored()).toEqual({ deviceUuid: 'D1' });
  });

  it('unbinds even when the server is down, keeping the deviceUuid', async () => {
    await fakeBrowser.storage.local.set({
      [BINDING_KEY]: { deviceUuid: 'D1', deviceToken: 'DT1' },
    });
    await t.binding.load();
    t.api.logout.mockRejectedValueOnce(new ApiError(0, 'unreachable'));
    await t.binding.unbind();
    expect(t.binding.getState()).toEqual({ kind: 'unbound', reason: 'logged-out' });
    expect(t.binding.token()).toBe('');
    expect(await stored()).toEqual({ deviceUuid: 'D1' });
  });

  it('keeps polling through network errors', async () => {
    t.api.registerDevice.mockRejectedValueOnce(new ApiError(0, 'offline'));
    await t.binding.requestLoginCode();
    await t.clock.advance(6_000);
    expect(t.api.registerDevice).toHaveBeenCalledTimes(2);
    expect(t.binding.getState().kind).toBe('waiting');
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

  it('expires on a 1002 from any call, and only on a 1002', async () => {
    const t = setup();
    await t.binding.load();
    await t.binding.requestLoginCode();
    t.api.registerDevice.mockResolvedValueOnce({ deviceUuid: 'D1', deviceToken: 'DT1' });
    await t.clock.advance(3_000);
    expect(t.binding.isBound()).toBe(true);
    await t.binding.expireIfUnauthorized(new ApiError(0, 'offline'));
    await t.binding.expireIfUnauthorized(new ApiError(1001, 'refused'));
    await t.binding.expireIfUnauthorized(new Error('other'));
    expect(t.binding.isBound()).toBe(true);
    await t.binding.expireIfUnauthorized(new ApiError(1002, 'token revoked'));
    expect(t.binding.getState()).toEqual({
      kind: 'unbound',
      reason: 'expired',
      error: { server: 'token revoked' },
    });
    expect(await stored()).toEqual({ deviceUuid: 'D1' });
  });
});
