import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random token of `length` characters from [A-Za-z0-9] (rejection-sampled, so unbiased). */
export function randomToken(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 * 4: bytes at or above it would bias the first characters.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/**
 * Identifier minting in one place. Prefixes follow the real service's look (`AT_`, `UID_`,
 * `SPT_`, `PT_`) so logs and clients can tell them apart; login and parameter QR codes get
 * distinct prefixes so `/scan/{code}` knows which namespace a code belongs to.
 */
export const mint = {
  appToken: () => `AT_${randomToken(32)}`,
  uid: () => `UID_${randomToken(28)}`,
  spt: () => `SPT_${randomToken(28)}`,
  pushToken: () => `PT_${randomToken(32)}`,
  deviceToken: () => `DT_${randomToken(40)}`,
  deviceUuid: () => randomUUID(),
  loginCode: () => `${LOGIN_CODE_PREFIX}${randomToken(24)}`,
  paramCode: () => `${PARAM_CODE_PREFIX}${randomToken(24)}`,
  qid: () => randomToken(24),
};

/** Prefix of device-login QR codes (`GET /api/device/create-login-qrcode`). */
export const LOGIN_CODE_PREFIX = 'LGN_';
/** Prefix of parameter QR codes (`POST /api/fun/create/qrcode`). */
export const PARAM_CODE_PREFIX = 'QR_';
