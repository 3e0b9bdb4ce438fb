import type Database from 'better-sqlite3';
import { mint } from '../ids';

/** A parameter QR code of an app (`POST /api/fun/create/qrcode`). */
export interface ParamCode {
  code: string;
  appId: number;
  extra: string;
  expires: number;
  scanUid: string | null;
  scanTime: number | null;
}

/** Queries over parameter QR codes. */
export function createCodes(db: Database.Database) {
  const byCode = db.prepare<[string], ParamCode>(
    `SELECT code, app_id AS appId, extra, expires, scan_uid AS scanUid, scan_time AS scanTime
     FROM param_codes WHERE code = ?`,
  );
  return {
    create(appId: number, extra: string, now: number, validMs: number): ParamCode {
      const code: ParamCode = {
        code: mint.paramCode(),
        appId,
        extra,
        expires: now + validMs,
        scanUid: null,
        scanTime: null,
      };
      db.prepare(
        'INSERT INTO param_codes (code, app_id, extra, expires, create_time) VALUES (?, ?, ?, ?, ?)',
      ).run(code.code, appId, extra, code.expires, now);
      return code;
    },
    get: (code: string) => byCode.get(code),
    /** Remembers the last scanner, reported by `GET /api/fun/scan-qrcode-uid`. */
    recordScan: (code: string, uid: string, now: number) =>
      db
        .prepare('UPDATE param_codes SET scan_uid = ?, scan_time = ? WHERE code = ?')
        .run(uid, now, code),
  };
}
