import type { Clock } from './clock';
import type { Store } from './db';
import { REPLAY_WINDOW_MS } from './db/retention';
import type { Device } from './db/devices';
import type { MessageView } from './db/messages';
import type { Hub } from './ws-hub';

/** How 20001 frames are built. */
export interface FrameOptions {
  /**
   * Leave `content` out, as the real service may (docs/protocol.md §5, §7): the client shows
   * the summary and links to the detail page.
   */
  summaryOnly?: boolean;
}

/** The 20001 frame for a message; `url` is the public detail page at this socket's base URL. */
export function messageFrame(m: MessageView, baseUrl: string, options: FrameOptions = {}): string {
  return JSON.stringify({
    msgType: 20001,
    mid: m.messageId,
    qid: m.qid,
    title: m.title,
    name: m.name,
    summary: m.summary,
    ...(options.summaryOnly ? {} : { content: m.content }),
    contentType: m.contentType,
    url: `${baseUrl}/api/message/${m.qid}`,
    sourceUrl: m.sourceUrl,
    createTime: m.createTime,
  });
}

/**
 * Writes messages to devices and keeps the per-device `pushed` flag honest: set when a frame was
 * handed to at least one open socket of the device's push token, cleared again if that write
 * fails, so exactly the unwritten messages are replayed. Everything here runs synchronously
 * between the SQLite query and the socket write, so a send and a replay cannot interleave and
 * push the same message twice.
 */
export function createDelivery(store: Store, hub: Hub, clock: Clock, frames: FrameOptions = {}) {
  function push(device: Device, message: MessageView): boolean {
    if (!device.pushToken) return false;
    const written = hub.send(
      device.pushToken,
      (baseUrl) => messageFrame(message, baseUrl, frames),
      () => store.messages.markPushed(message.messageId, device.deviceUuid, false),
    );
    if (written > 0) store.messages.markPushed(message.messageId, device.deviceUuid, true);
    return written > 0;
  }

  /** Pushes what this device has pending for its user from the last 24 h, oldest first. */
  function replayTo(device: Device): number {
    if (!device.pushToken || !device.uid || !hub.isOnline(device.pushToken)) return 0;
    const since = clock.now() - REPLAY_WINDOW_MS;
    const pending = store.messages.pendingFor(device.deviceUuid, device.uid, since);
    let n = 0;
    for (const message of pending) if (push(device, message)) n++;
    return n;
  }

  return {
    /** Pushes a freshly stored message to the given (bound) devices. */
    deliver(messageId: number, devices: Device[]) {
      const message = store.messages.view(messageId);
      if (!message) return;
      for (const device of devices) push(device, message);
    },
    replayTo,
    /** Replays to every device reachable through this push token (on a new connection). */
    replayForPushToken(pushToken: string) {
      for (const device of store.devices.devicesByPushToken(pushToken)) replayTo(device);
    },
  };
}

/** The delivery service. */
export type Delivery = ReturnType<typeof createDelivery>;
