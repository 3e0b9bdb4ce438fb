/** Response codes (docs/protocol.md §1). Clients look only at `code`. */
export const Code = {
  OK: 1000,
  /** Business failure; for a device call, "device unknown". */
  FAILED: 1001,
  /** Not logged in / device token invalid: the client must re-bind. */
  NOT_LOGGED_IN: 1002,
  NO_ENDPOINT: 1004,
  SERVER_ERROR: 1005,
  /** `version-update`: an upgrade is available. */
  UPGRADE_AVAILABLE: 1007,
  /** Malformed or out-of-range input. */
  DATA_ERROR: 1008,
  /** Login QR not confirmed yet: keep polling. */
  WAITING_FOR_SCAN: 10000,
} as const;

/** The JSON envelope every API route answers with, always over HTTP 200. */
export interface Envelope<T = unknown> {
  code: number;
  msg: string;
  data: T;
  success: boolean;
}

/** A finished HTTP response, produced by handlers and written by the router. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** Thrown by handlers and validators; errors.ts turns it into an envelope or an HTML page. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data: unknown = null,
    /** HTTP status of the HTML page a page route answers with (API routes always use 200). */
    readonly pageStatus = 400,
  ) {
    super(message);
  }
}

/** An envelope reply. */
export function envelope(code: number, msg: string, data: unknown = null): Reply {
  const body: Envelope = { code, msg, data, success: code === Code.OK };
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** A success envelope. */
export const ok = (data: unknown = null, msg = 'ok'): Reply => envelope(Code.OK, msg, data);

/**
 * An HTML page with its own Content-Security-Policy. `no-referrer` by default; the confirm page
 * uses `same-origin`, because under `no-referrer` a browser sends its form post with
 * `Origin: null`, which the server cannot tell from a sandboxed page on another site.
 */
export function html(
  status: number,
  body: string,
  csp: string,
  referrerPolicy: 'no-referrer' | 'same-origin' = 'no-referrer',
): Reply {
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': csp,
      'Cache-Control': 'no-store',
      'Referrer-Policy': referrerPolicy,
    },
    body,
  };
}
