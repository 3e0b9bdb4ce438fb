import type { NotifiableMessage } from './mapper';
import { isRemoteUrl } from '../render/url-policy';
import { firstImageUrl } from './first-image';
import type { NotificationsApi } from './notifier';

/** Larger images are skipped: a notification shows a thumbnail, and the worker holds it. */
export const IMAGE_MAX_BYTES = 1_500_000;
/** A slow image host must not keep the worker busy: past this the image is skipped. */
export const IMAGE_TIMEOUT_MS = 8_000;
/** The raster types Chrome's notifications decode. */
const IMAGE_TYPE = /^image\/(png|jpeg|gif|webp|bmp)$/i;

export type ImageOutcome = 'none' | 'blocked' | 'shown' | 'skipped';

/** Base64 of bytes, in chunks (a spread of a large array overflows the call stack). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Shows a message's first image in its notification, where the browser has image
 * notifications (Chrome's `type: 'image'`), under the full view's image setting: with remote
 * images blocked, only images inside the message (data:) are shown.
 *
 * The notification is raised first and the image added by an update once fetched, so a slow
 * image never delays it. Chrome fetches a remote `imageUrl` itself only from hosts the
 * extension has permission for, and fails the whole call otherwise; this extension holds
 * only its server's host (least privilege). So the worker fetches the image itself, without
 * cookies or referrer like the full view, and hands Chrome a data: URL. A host that does not
 * allow the fetch (no permission and no CORS), a non-image, a large or slow one is skipped:
 * the notification stays as it was.
 */
export function createNotificationImages(deps: {
  notifications: Pick<NotificationsApi, 'update'>;
  fetch: typeof fetch;
  /** The full view's setting: remote images held back. */
  blockImages: () => boolean;
}) {
  async function dataUrlOf(src: string): Promise<string | null> {
    if (!isRemoteUrl(src)) return src.length <= IMAGE_MAX_BYTES * 1.4 ? src : null;
    const response = await deps.fetch(src, {
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(IMAGE_TIMEOUT_MS),
    });
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const length = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || !IMAGE_TYPE.test(type) || length > IMAGE_MAX_BYTES) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length === 0 || bytes.length > IMAGE_MAX_BYTES) return null;
    return `data:${type.toLowerCase()};base64,${base64(bytes)}`;
  }

  return {
    /** Adds the image of `m` to its notification `id`; says what happened. Never throws. */
    async attach(id: string, m: NotifiableMessage): Promise<ImageOutcome> {
      const src = firstImageUrl(m.content, m.contentType);
      if (!src) return 'none';
      if (isRemoteUrl(src) && deps.blockImages()) return 'blocked';
      try {
        const imageUrl = await dataUrlOf(src);
        if (!imageUrl) return 'skipped';
        // False when the notification is gone (closed, or replaced by a burst summary).
        const updated = await deps.notifications.update(id, { type: 'image', imageUrl });
        return updated ? 'shown' : 'skipped';
      } catch {
        // Refused by the host, timed out, or an image Chrome cannot decode: no image.
        return 'skipped';
      }
    },
  };
}

export type NotificationImages = ReturnType<typeof createNotificationImages>;
