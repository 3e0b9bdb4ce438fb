/** Payload of the `app_subscribe` callback (docs/protocol.md §6). */
export interface AppSubscribeData {
  appId: number;
  appName: string;
  source: string;
  time: number;
  uid: string;
  extra: string;
}

const CALLBACK_TIMEOUT_MS = 5000;

/**
 * POSTs `{action: "app_subscribe", data}` to the app's callback URL. Fire-and-forget: a slow or
 * failing receiver is logged and never delays or fails the user's confirmation.
 */
export function postAppSubscribe(callbackUrl: string, data: AppSubscribeData): void {
  fetch(callbackUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ action: 'app_subscribe', data }),
    signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
  })
    .then((res) => {
      if (!res.ok) console.warn(`[server] callback ${callbackUrl} answered HTTP ${res.status}`);
      return res.body?.cancel();
    })
    .catch((err: unknown) => {
      console.warn(`[server] callback ${callbackUrl} failed:`, (err as Error).message ?? err);
    });
}
