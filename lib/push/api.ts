import type { Problem } from '../problem';

/**
 * The device API client (docs/protocol.md §1, §2, §4). Every call answers HTTP 200 with an
 * envelope `{code, msg, data}`; only `code` decides. Errors become `ApiError` with the
 * server's code and msg, and network failures become code 0.
 */
export const CODE = {
  OK: 1000,
  BUSINESS: 1001,
  NOT_LOGGED_IN: 1002,
  UPGRADE: 1007,
  NOT_SCANNED: 10000,
} as const;

export class ApiError extends Error {
  /** What the user is shown: the server's own `msg`, or our words for a transport failure. */
  readonly problem: Problem;

  /**
   * @param transient The server could not be reached or could not answer now (network,
   *   timeout, HTTP 5xx/408/429, an answer that is not JSON): the same call may work later.
   *   False when it answered and refused this call.
   */
  constructor(
    readonly code: number,
    message: string,
    problem?: Problem,
    readonly transient = code === 0,
  ) {
    super(message);
    this.name = 'ApiError';
    this.problem = problem ?? (code === 0 ? { key: 'errUnreachable' } : { server: message });
  }
  /** The binding is gone: the client must forget its token and show the login QR. */
  get unauthorized(): boolean {
    return this.code === CODE.NOT_LOGGED_IN;
  }
}

/** A list-v2 item (the local server also sends title, content and contentType). */
export interface ListItem {
  messageId: number;
  qid?: string;
  name?: string;
  title?: string;
  summary?: string;
  content?: string;
  contentType?: number;
  url?: string;
  sourceUrl?: string;
  read?: boolean;
  createTime?: number;
}

export interface ApiDeps {
  baseUrl: () => string;
  fetch: typeof fetch;
  /** platform, version and deviceToken headers (docs/protocol.md §1). */
  headers: () => { platform: string; version: string; deviceToken: string };
  /** Milliseconds before a request is abandoned. */
  timeoutMs?: number;
  /** Told the server's time from each answer's `Date` header, with this browser's at arrival. */
  onServerTime?: (serverTime: number, localTime: number) => void;
  /** This browser's clock, for `onServerTime`. */
  now?: () => number;
}

/** A fixed server and device token: calls for one account go to its server only. */
export interface ApiTarget {
  baseUrl: string;
  deviceToken: string;
}

/** HTTP statuses after which the same call may work later. */
const TRANSIENT_STATUS = (status: number) => status >= 500 || status === 408 || status === 429;

/** The first page cursor of list-v2: ids lower than this. */
export const FIRST_PAGE_CURSOR = 9007199254740991;

export function createApi(deps: ApiDeps) {
  const timeoutMs = deps.timeoutMs ?? 15_000;
  const now = deps.now ?? (() => Date.now());

  function noteServerTime(response: Response) {
    const date = Date.parse(response.headers.get('Date') ?? '');
    if (Number.isFinite(date)) deps.onServerTime?.(date, now());
  }

  async function call<T>(
    target: () => ApiTarget,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const h = deps.headers();
    const { baseUrl, deviceToken } = target();
    let response: Response;
    try {
      response = await deps.fetch(baseUrl + path, {
        method,
        headers: {
          platform: h.platform,
          version: h.version,
          deviceToken,
          'Content-Type': 'application/json;charset=UTF-8',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw new ApiError(
        0,
        `Server unreachable: ${(error as Error).message}`,
        timedOut
          ? { key: 'errServerTimeout', params: [String(Math.round(timeoutMs / 1000))] }
          : { key: 'errUnreachable' },
      );
    }
    noteServerTime(response);
    if (!response.ok) {
      throw new ApiError(
        0,
        `Server answered HTTP ${response.status}`,
        { key: 'errHttpStatus', params: [String(response.status)] },
        TRANSIENT_STATUS(response.status),
      );
    }
    let envelope: { code?: unknown; msg?: unknown; data?: unknown };
    try {
      envelope = (await response.json()) as typeof envelope;
    } catch {
      throw new ApiError(0, 'Server answered something that is not JSON', { key: 'errNotJson' });
    }
    const code = typeof envelope?.code === 'number' ? envelope.code : 0;
    if (code !== CODE.OK) {
      // The server's own words are shown as it sent them (labelled as the server's). An
      // envelope without a code is no answer of this protocol: like no answer at all.
      const msg = typeof envelope?.msg === 'string' ? envelope.msg.trim() : '';
      throw new ApiError(
        code,
        msg || `code ${code}`,
        msg ? { server: msg } : { key: 'errServerCode', params: [String(code)] },
        code === 0,
      );
    }
    return envelope.data as T;
  }

  const ids = (mids: number[]) => encodeURIComponent(mids.join(','));

  /** The calls, each to the server and with the token `target` names when it is made. */
  function calls(target: () => ApiTarget) {
    const c = <T>(method: string, path: string, body?: unknown) =>
      call<T>(target, method, path, body);
    return {
      createLoginCode: () =>
        c<{ code: string; expires: number }>('GET', '/api/device/create-login-qrcode'),
      qrImageUrl: (code: string) =>
        `${target().baseUrl}/api/qrcode/${encodeURIComponent(code)}.jpg`,
      /** `deviceUuid`: this browser's device on this server, so it is bound again, not anew. */
      registerDevice: (body: {
        code: string;
        pushToken: string;
        deviceName: string;
        deviceUuid?: string;
      }) =>
        c<{ deviceUuid: string; deviceToken: string }>('POST', '/api/device/register-device', body),
      updateDeviceInfo: (body: { pushToken: string; deviceUuid: string; platform: string }) =>
        c<unknown>('PUT', '/api/need-login/device/update-device-info', body),
      getUserDeviceInfo: () =>
        c<{ uid?: unknown; nickName?: unknown; deviceUuid?: unknown } | null>(
          'GET',
          '/api/need-login/device/get-user-device-info',
        ),
      logout: () => c<unknown>('POST', '/api/need-login/device/logout'),
      listMessages: (cursor: number, scene: number, key = '') =>
        c<ListItem[] | { records?: ListItem[] } | null>(
          'GET',
          `/api/need-login/device/message/list-v2?messageId=${cursor}&key=${encodeURIComponent(key)}&scene=${scene}`,
        ).then((data) => (Array.isArray(data) ? data : (data?.records ?? []))),
      readMark: (mids: number[], read: boolean) =>
        c<unknown>(
          'PUT',
          `/api/need-login/device/message/read-mark?messageIds=${ids(mids)}&read=${read}`,
        ),
      deleteMessages: (mids: number[]) =>
        c<unknown>('DELETE', `/api/need-login/device/message/delete?messageIds=${ids(mids)}`),
      sendTest: () => c<unknown>('POST', '/api/need-login/device/message/send-test'),
    };
  }

  return {
    /** To the server in use, with the current device token. */
    ...calls(() => ({ baseUrl: deps.baseUrl(), deviceToken: deps.headers().deviceToken })),
    /** To a fixed server and token: what one account's catch-up and queued calls use. */
    at: (target: ApiTarget) => calls(() => target),
  };
}

export type Api = ReturnType<typeof createApi>;
export type TargetApi = ReturnType<Api['at']>;
