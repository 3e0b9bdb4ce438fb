import { SUB_APP, SUB_TOPIC } from '../../server/db/accounts';
import type { Deps } from '../../server/deps';
import { ApiError, Code, ok } from '../../server/http/envelope';
import type { Route } from '../../server/http/router';
import { asFields, optBool, optString, reqInt, reqString } from '../../server/http/validate';
import { arrayField, topicIdItem } from '../../server/sender-input';
import type { OffsetClock } from './offset-clock';
import type { UpgradeGate } from './upgrade-gate';

/** What the hooks drive besides the server's own parts: the clock and the upgrade gate. */
export interface TestControls {
  clock: OffsetClock;
  gate: UpgradeGate;
  /** Counters for `GET /__test/stats`. */
  stats(): Record<string, number>;
}

/**
 * The `/__test/…` endpoints, added to a server through `createServer`'s `extraRoutes` by the
 * test server only. They drive what a test cannot reach through the public API: time,
 * revocation, hostile frames, refused connections, extra users and counters.
 */
export function testRoutes(deps: Deps, controls: TestControls): Route[] {
  const { store, hub } = deps;
  const { clock, gate } = controls;
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
        if (deviceUuid && !store.devices.device(deviceUuid)) {
          throw new ApiError(Code.FAILED, 'unknown deviceUuid');
        }
        // Without a deviceUuid: every bound device, as if the server forgot them all.
        const uuids = deviceUuid
          ? [deviceUuid]
          : store.devices.boundDevices().map((d) => d.deviceUuid);
        for (const uuid of uuids) store.devices.unbind(uuid, clock.now());
        return ok({ revoked: uuids.length });
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
        return ok({ sockets: hub.sendRaw(tokens, frame) });
      },
    },
    {
      method: 'POST',
      path: '/__test/refuse',
      handler: (ctx) => {
        // {on: true} makes every new /ws upgrade fail with 503 (the network path cut, as the
        // client sees it); {calls: true} also every logged-in device call (the catch-up);
        // {drop: true} also cuts the open sockets. Counted in /__test/stats.
        const fields = asFields(ctx.body);
        const on = optBool(fields, 'on');
        if (on === undefined) throw new ApiError(Code.DATA_ERROR, 'on (boolean) is required');
        gate.setRefusing(on, optBool(fields, 'calls') ?? false);
        if (optBool(fields, 'drop')) hub.disconnectAll();
        return ok({ refusing: on });
      },
    },
    {
      method: 'POST',
      path: '/__test/mark-pushed',
      handler: () => {
        // As if every pending message had been written to a socket that then died silently:
        // the server counts them as delivered, so no replay brings them; only list-v2 has them.
        let marked = 0;
        for (const device of store.devices.boundDevices()) {
          for (const m of store.messages.pendingFor(device.deviceUuid, device.uid ?? '', 0)) {
            store.messages.markPushed(m.messageId, device.deviceUuid, true);
            marked++;
          }
        }
        return ok({ marked });
      },
    },
    { method: 'GET', path: '/__test/stats', handler: () => ok(controls.stats()) },
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
