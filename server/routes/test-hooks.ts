import { SUB_APP, SUB_TOPIC } from '../db/accounts';
import type { Deps } from '../deps';
import { ApiError, Code, ok } from '../http/envelope';
import { asFields, optBool, optString, reqInt, reqString } from '../http/validate';
import type { Route } from '../http/router';
import { arrayField, topicIdItem } from '../sender-input';

/**
 * Test-only endpoints, registered only with `testHooks: true` / `--test-hooks` (otherwise these
 * paths answer 1004 like any unknown endpoint). They drive what a test cannot reach through the
 * public API: time, revocation, hostile frames, refused connections, extra users and counters.
 */
export function testHookRoutes(deps: Deps, stats: () => Record<string, number>): Route[] {
  const { store, clock } = deps;
  return [
    {
      method: 'POST',
      path: '/__test/clock',
      handler: (ctx) => {
        // Sets (not adds) the offset from the base clock; 0 restores real time.
        clock.setOffset(reqInt(asFields(ctx.body), 'offsetMs', -1e13, 1e13));
        return ok({ offsetMs: clock.offset(), now: clock.now() });
      },
    },
    {
      method: 'POST',
      path: '/__test/revoke-device',
      handler: (ctx) => {
        const deviceUuid = optString(asFields(ctx.body), 'deviceUuid', { max: 100 });
        if (!deviceUuid) return ok({ revoked: store.devices.unbindAll(clock.now()) });
        if (!store.devices.device(deviceUuid))
          throw new ApiError(Code.FAILED, 'unknown deviceUuid');
        store.devices.unbind(deviceUuid, clock.now());
        return ok({ revoked: 1 });
      },
    },
    {
      method: 'POST',
      path: '/__test/raw-frame',
      handler: (ctx) => {
        const fields = asFields(ctx.body);
        const frame = reqString(fields, 'frame', { max: 2 * 1024 * 1024 });
        const uid = optString(fields, 'uid', { max: 200 });
        const targets = uid ? store.devices.devicesOfUser(uid) : store.devices.boundDevices();
        const tokens = targets.flatMap((d) => (d.pushToken ? [d.pushToken] : []));
        return ok({ sockets: deps.hub.sendRaw(tokens, frame) });
      },
    },
    {
      method: 'POST',
      path: '/__test/refuse',
      handler: (ctx) => {
        // {on: true} makes every new /ws upgrade fail with 503 (the network path cut, as the
        // client sees it); {drop: true} also cuts the open sockets. Counted in /__test/stats.
        const fields = asFields(ctx.body);
        const on = optBool(fields, 'on');
        if (on === undefined) throw new ApiError(Code.DATA_ERROR, 'on (boolean) is required');
        deps.hub.setRefusing(on, optBool(fields, 'drop') ?? false);
        return ok({ refusing: on });
      },
    },
    { method: 'GET', path: '/__test/stats', handler: () => ok(stats()) },
    {
      method: 'POST',
      path: '/__test/create-user',
      handler: (ctx) => {
        const fields = asFields(ctx.body);
        const now = clock.now();
        const user = store.accounts.createUser(now, optString(fields, 'nickName', { max: 64 }));
        const app = deps.defaults.app;
        if (optBool(fields, 'followApp') ?? true) {
          store.accounts.subscribe(user.uid, SUB_APP, app.id, app.id, now);
        }
        for (const topicId of arrayField(fields, 'topicIds', 5, topicIdItem)) {
          store.accounts.subscribe(user.uid, SUB_TOPIC, topicId, app.id, now);
        }
        return ok(user);
      },
    },
    {
      method: 'POST',
      path: '/__test/sweep',
      handler: () => ok({ removedMessages: store.sweep(clock.now()) }),
    },
  ];
}
