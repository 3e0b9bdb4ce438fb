import type { Deps } from '../deps';
import { ApiError, Code, ok } from '../http/envelope';
import { idList, optBool, optInt, optString, queryFields } from '../http/validate';
import type { Route } from '../http/router';
import { renderSend, requireDevice } from './common';

/** Messages per list page (docs/protocol.md §4: 30 items a page). */
export const PAGE_SIZE = 30;
const MAX_IDS = 200;
const FIRST_PAGE_CURSOR = Number.MAX_SAFE_INTEGER; // 9007199254740991, as clients send

/** The device message API (docs/protocol.md §4). Read and delete state is per device. */
export function deviceMessageRoutes(deps: Deps): Route[] {
  const { messages } = deps.store;
  const base = '/api/need-login/device/message';
  return [
    {
      method: 'GET',
      path: `${base}/list-v2`,
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        const fields = queryFields(ctx.query);
        const before = optInt(fields, 'messageId', 1, FIRST_PAGE_CURSOR) ?? FIRST_PAGE_CURSOR;
        const key = optString(fields, 'key', { max: 100 })?.trim() ?? '';
        optInt(fields, 'scene', 0, 100); // accepted for compatibility; the answer is the same
        const rows = messages.list(device.uid, device.deviceUuid, before, key, PAGE_SIZE);
        return ok(
          rows.map((m) => ({
            messageId: m.messageId,
            qid: m.qid,
            name: m.name,
            title: m.title,
            summary: m.summary,
            content: m.content,
            contentType: m.contentType,
            url: `${ctx.baseUrl}/api/message/${m.qid}`,
            sourceUrl: m.sourceUrl,
            read: m.read,
            createTime: m.createTime,
          })),
        );
      },
    },
    {
      method: 'PUT',
      path: `${base}/read-mark`,
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        const fields = queryFields(ctx.query);
        const ids = idList(fields, 'messageIds', MAX_IDS);
        const read = optBool(fields, 'read') ?? true;
        const n = deps.store.transaction(() =>
          messages.markRead(device.uid, device.deviceUuid, ids, read),
        );
        return ok(n);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/delete`,
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        const ids = idList(queryFields(ctx.query), 'messageIds', MAX_IDS);
        const n = deps.store.transaction(() =>
          messages.markDeleted(device.uid, device.deviceUuid, ids),
        );
        return ok(n);
      },
    },
    {
      method: 'DELETE',
      path: `${base}/delete-all`,
      handler: (ctx) => {
        const device = requireDevice(deps, ctx);
        return ok(messages.deleteAllFor(device.uid, device.deviceUuid));
      },
    },
    {
      method: 'POST',
      path: `${base}/send-test`,
      handler: async (ctx) => {
        const device = requireDevice(deps, ctx);
        const user = deps.store.accounts.userByUid(device.uid);
        const content = 'This is a test message from your WxPusher server. Delivery works.';
        const input = await renderSend(deps, {
          content,
          summary: 'Test message',
          contentType: 1,
          sourceUrl: '',
          verifyPayType: 0,
        });
        const [entry] = deps.send({ app: null, name: 'WxPusher' }, input, [{ kind: 'user', user }]);
        if (entry?.code !== Code.OK) throw new ApiError(Code.FAILED, entry?.status ?? 'not sent');
        return ok(entry, 'test message sent');
      },
    },
  ];
}
