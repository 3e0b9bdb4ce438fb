import type { WorkerClient } from './worker-client';

/** The full view of `mid` inside the side panel; `in=panel` gives it a way back to the list. */
export function panelMessageUrl(mid: number): string {
  return `/message.html?id=${mid}&in=panel`;
}

/**
 * The side panel's client: the same protocol as the popup's, except that opening a message
 * shows its full view inside the panel, next to the page the user works in, instead of in a
 * tab. It is marked read as the worker's open would (the notification goes with the mark).
 */
export function createPanelClient(
  client: WorkerClient,
  navigate: (url: string) => void,
): WorkerClient {
  const call = (async (type: string, ...data: unknown[]) => {
    if (type !== 'openMessage') return (client.call as (...a: unknown[]) => unknown)(type, ...data);
    const { mid } = data[0] as { mid: number };
    await client.call('markRead', { mids: [mid], read: true });
    navigate(panelMessageUrl(mid));
  }) as WorkerClient['call'];
  return { call, onChange: (listener) => client.onChange(listener) };
}
