import type Database from 'better-sqlite3';
import { mint } from '../ids';

/** A receiving device (a browser or app install). Bound while `deviceToken` and `uid` are set. */
export interface Device {
  deviceUuid: string;
  deviceToken: string | null;
  uid: string | null;
  pushToken: string | null;
  deviceName: string;
  platform: string;
}

/** A device-login code; `uid` is set once confirmed, `deviceUuid` once a device bound with it. */
export interface LoginCode {
  code: string;
  expires: number;
  uid: string | null;
  deviceUuid: string | null;
}

const DEVICE_COLS = `device_uuid AS deviceUuid, device_token AS deviceToken, uid,
  push_token AS pushToken, device_name AS deviceName, platform`;
const BOUND = 'device_token IS NOT NULL AND uid IS NOT NULL';

/** What binding a device needs. An existing `deviceUuid` is re-bound rather than duplicated. */
export interface BindInput {
  deviceUuid?: string;
  uid: string;
  pushToken: string;
  deviceName: string;
  platform: string;
  now: number;
}

/** Queries over push tokens, devices and login codes. */
export function createDevices(db: Database.Database) {
  const byUuid = db.prepare<[string], Device>(
    `SELECT ${DEVICE_COLS} FROM devices WHERE device_uuid = ?`,
  );
  const byToken = db.prepare<[string], Device>(
    `SELECT ${DEVICE_COLS} FROM devices WHERE device_token = ? AND ${BOUND}`,
  );
  const byPushToken = db.prepare<[string], Device>(
    `SELECT ${DEVICE_COLS} FROM devices WHERE push_token = ? AND ${BOUND}`,
  );
  const ofUser = db.prepare<[string], Device>(
    `SELECT ${DEVICE_COLS} FROM devices WHERE uid = ? AND ${BOUND}`,
  );
  const allBound = db.prepare<[], Device>(`SELECT ${DEVICE_COLS} FROM devices WHERE ${BOUND}`);
  const loginCode = db.prepare<[string], LoginCode>(
    'SELECT code, expires, uid, device_uuid AS deviceUuid FROM login_codes WHERE code = ?',
  );
  // A push token identifies one browser's socket, so it may route to one device only.
  const releasePushToken = db.prepare(
    'UPDATE devices SET push_token = NULL WHERE push_token = ? AND device_uuid <> ?',
  );

  /** Points a device at a push token (and optionally a platform). */
  function setPushToken(deviceUuid: string, pushToken: string, now: number, platform?: string) {
    releasePushToken.run(pushToken, deviceUuid);
    db.prepare(
      `UPDATE devices SET push_token = ?, platform = COALESCE(?, platform), update_time = ?
       WHERE device_uuid = ?`,
    ).run(pushToken, platform ?? null, now, deviceUuid);
  }

  return {
    isKnownPushToken(pushToken: string): boolean {
      return (
        db.prepare('SELECT 1 FROM push_tokens WHERE push_token = ?').get(pushToken) !== undefined
      );
    },
    /** Records a push token as issued or seen now. */
    touchPushToken(pushToken: string, now: number) {
      db.prepare(
        `INSERT INTO push_tokens (push_token, create_time, last_seen) VALUES (?, ?, ?)
         ON CONFLICT (push_token) DO UPDATE SET last_seen = excluded.last_seen`,
      ).run(pushToken, now, now);
    },
    createLoginCode(now: number, ttlMs: number): LoginCode {
      const code = { code: mint.loginCode(), expires: now + ttlMs, uid: null, deviceUuid: null };
      db.prepare('INSERT INTO login_codes (code, expires, create_time) VALUES (?, ?, ?)').run(
        code.code,
        code.expires,
        now,
      );
      return code;
    },
    loginCode: (code: string) => loginCode.get(code),
    confirmLoginCode: (code: string, uid: string) =>
      db.prepare('UPDATE login_codes SET uid = ? WHERE code = ?').run(uid, code),
    consumeLoginCode: (code: string, deviceUuid: string) =>
      db.prepare('UPDATE login_codes SET device_uuid = ? WHERE code = ?').run(deviceUuid, code),
    device: (deviceUuid: string) => byUuid.get(deviceUuid),
    /** The bound device holding this token, if any. */
    deviceByToken: (deviceToken: string) => byToken.get(deviceToken),
    devicesByPushToken: (pushToken: string) => byPushToken.all(pushToken),
    devicesOfUser: (uid: string) => ofUser.all(uid),
    boundDevices: () => allBound.all(),
    /** Binds (or re-binds) a device to a user with a fresh device token. */
    bind(input: BindInput): { deviceUuid: string; deviceToken: string } {
      return db.transaction(() => {
        const existing = input.deviceUuid ? byUuid.get(input.deviceUuid) : undefined;
        const deviceUuid = existing?.deviceUuid ?? mint.deviceUuid();
        const deviceToken = mint.deviceToken();
        if (existing) {
          db.prepare(
            `UPDATE devices SET device_token = ?, uid = ?, device_name = ?, platform = ?,
             update_time = ? WHERE device_uuid = ?`,
          ).run(deviceToken, input.uid, input.deviceName, input.platform, input.now, deviceUuid);
        } else {
          db.prepare(
            `INSERT INTO devices (device_uuid, device_token, uid, device_name, platform,
             create_time, update_time) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            deviceUuid,
            deviceToken,
            input.uid,
            input.deviceName,
            input.platform,
            input.now,
            input.now,
          );
        }
        setPushToken(deviceUuid, input.pushToken, input.now);
        return { deviceUuid, deviceToken };
      })();
    },
    setPushToken,
    /**
     * Unbinds: the token stops working and the device stops receiving; the uuid stays known.
     * What was still waiting to be pushed to it goes too: the device may next be bound to
     * another user, who must not be replayed this one's messages.
     */
    unbind(deviceUuid: string, now: number) {
      db.transaction(() => {
        db.prepare(
          'UPDATE devices SET device_token = NULL, uid = NULL, update_time = ? WHERE device_uuid = ?',
        ).run(now, deviceUuid);
        db.prepare('DELETE FROM device_messages WHERE device_uuid = ? AND pushed = 0').run(
          deviceUuid,
        );
      })();
    },
  };
}
