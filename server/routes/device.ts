import type { Deps } from '../deps';
import { ApiError, Code, envelope, ok } from '../http/envelope';
import { asFields, optString } from '../http/validate';
import { LOGIN_CODE_PREFIX } from '../ids';
import type { Ctx, Route } from '../http/router';
import { requireDevice } from './common';

/** Login codes live about 5 minutes (docs/protocol.md §2). */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;

const header = (ctx: Ctx, name: string): string | undefined => {
  const value = ctx.req.headers[name];
  return (Array.isArray(value) ? value[0] : value) || undefined;
};

/**
 * Device login and binding (docs/protocol.md §2), plus `get-user-device-info` and
 * `version-update` (docs/protocol.md §4).
 */
export function deviceRoutes(deps: Deps): Route[] {
  const { devices } = deps.store;

  /** A token a device binds is kept from now on: it moves from memory to the database. */
  function keepPushToken(pushToken: string, now: number) {
    devices.touchPushToken(pushToken, now);
    deps.pendingTokens.forget(pushToken);
  }

  /** Points a bound device at a (possibly new) push token and replays what it missed. */
  function rebindPushToken(deviceUuid: string, pushToken: string, platform?: string) {
    const now = deps.clock.now();
    keepPushToken(pushToken, now);
    devices.setPushToken(deviceUuid, pushToken, now, platform);
    const device = devices.device(deviceUuid);
    if (device) deps.delivery.replayTo(device);
  }

  function registerWithCode(ctx: Ctx, code: string, pushToken: string | undefined) {
    const fields = asFields(ctx.body);
    // No pushToken field at all is a malformed call; an empty one is the official popup
    // polling before its socket's 202 arrived, answered by the code's state below.
    if (pushToken === undefined && fields.pushToken !== '') {
      throw new ApiError(Code.DATA_ERROR, 'pushToken is required (from the 202 frame)');
    }
    const login = code.startsWith(LOGIN_CODE_PREFIX) ? devices.loginCode(code) : undefined;
    if (!login) throw new ApiError(Code.FAILED, 'unknown login code: create a new QR code');
    if (login.expires <= deps.clock.now()) {
      throw new ApiError(Code.FAILED, 'the login QR code has expired: create a new one');
    }
    // The code's state answers first, as on the real service, so an empty pushToken only
    // means "keep polling".
    if (!login.uid) {
      throw new ApiError(
        Code.WAITING_FOR_SCAN,
        'waiting for the QR code to be scanned and confirmed',
      );
    }
    if (!pushToken) {
      throw new ApiError(
        Code.WAITING_FOR_SCAN,
        'confirmed; waiting for the pushToken of the WebSocket connection (the 202 frame)',
      );
    }
    if (login.deviceUuid) {
      // A repeated poll (its first answer lost) gets the same binding back.
      const bound = devices.device(login.deviceUuid);
      if (bound?.deviceToken && bound.pushToken === pushToken) {
        return ok({ deviceUuid: bound.deviceUuid, deviceToken: bound.deviceToken });
      }
      throw new ApiError(Code.FAILED, 'this login code was already used: create a new one');
    }
    // A logged-out browser keeps its deviceUuid (docs/protocol.md §2, Unbind): re-use that row,
    // but never take over a device that is still bound.
    const requested = optString(fields, 'deviceUuid', { max: 100 });
    const reusable = requested && !devices.device(requested)?.deviceToken ? requested : undefined;
    const now = deps.clock.now();
    keepPushToken(pushToken, now);
    const result = devices.bind({
      deviceUuid: reusable,
      uid: login.uid,
      pushToken,
      deviceName: optString(fields, 'deviceName', { max: 100 }) ?? 'Unknown device',
      platform: header(ctx, 'platform')?.slice(0, 50) ?? '',
      now,
    });
    devices.consumeLoginCode(code, result.deviceUuid);
    return ok(result, 'bound');
  }

  return [
    {
      method: 'GET',
      path: '/api/device/create-login-qrcode',
      // Each call stores a code: limited per client address so no page can fill the table.
      limit: 'login-code',
      handler: (ctx) => {
        const code = devices.createLoginCode(deps.clock.now(), LOGIN_CODE_TTL_MS);
        return ok({
          code: code.code,
          expires: code.expires,
          qrUrl: `${ctx.baseUrl}/api/qrcode/${code.code}.jpg`,
          scanUrl: `${ctx.baseUrl}/scan/${code.code}`,
        });
      },
    },
    {
      method: 'POST',
      path: '/api/device/register-device',
      handler: (ctx) => {
        const fields = asFields(ctx.body);
        const code = optString(fields, 'code', { max: 100 });
        const pushToken = optString(fields, 'pushToken', { max: 200 });
        if (code) return registerWithCode(ctx, code, pushToken);
        // The Chrome client's re-post of a new pushToken: {pushToken, deviceUuid} + deviceToken.
        if (!header(ctx, 'devicetoken')) {
          throw new ApiError(Code.DATA_ERROR, 'code is required (from create-login-qrcode)');
        }
        const device = requireDevice(deps, ctx);
        const deviceUuid = optString(fields, 'deviceUuid', { max: 100 });
        if (deviceUuid && deviceUuid !== device.deviceUuid) {
          throw new ApiError(Code.FAILED, 'deviceUuid does not match this deviceToken');
        }
        if (!pushToken) throw new ApiError(Code.DATA_ERROR, 'pushToken is required');
        rebindPushToken(device.deviceUuid, pushToken);
        return ok({ deviceUuid: device.deviceUuid, deviceToken: device.deviceToken });
      },
    },
    {
      method: 'PUT',
      path: '/api/need-login/device/update-device-info',
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        const fields = asFields(ctx.body);
        const deviceUuid = optString(fields, 'deviceUuid', { max: 100 });
        if (deviceUuid && deviceUuid !== device.deviceUuid) {
          throw new ApiError(
            Code.FAILED,
            'device unknown: deviceUuid does not match this deviceToken',
          );
        }
        const pushToken = optString(fields, 'pushToken', { max: 200 });
        if (!pushToken) throw new ApiError(Code.DATA_ERROR, 'pushToken is required');
        rebindPushToken(device.deviceUuid, pushToken, optString(fields, 'platform', { max: 50 }));
        return ok(true);
      },
    },
    {
      method: 'POST',
      path: '/api/need-login/device/logout',
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        devices.unbind(device.deviceUuid, deps.clock.now());
        return ok(true, 'logged out');
      },
    },
    {
      method: 'GET',
      path: '/api/need-login/device/get-user-device-info',
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        const user = deps.store.accounts.userByUid(device.uid);
        if (!user) throw new ApiError(Code.FAILED, 'device unknown: its user no longer exists');
        return ok({
          uid: user.uid,
          spt: user.spt,
          nickName: user.nickName,
          deviceUuid: device.deviceUuid,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/device/version-update',
      handler: () =>
        deps.versionUpdate
          ? envelope(Code.UPGRADE_AVAILABLE, 'an upgrade is available', deps.versionUpdate)
          : ok(null, 'no upgrade'),
    },
  ];
}
