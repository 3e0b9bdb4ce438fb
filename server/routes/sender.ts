import type { Deps } from '../deps';
import { ApiError, Code, ok, type Reply } from '../http/envelope';
import { optInt, optString, reqInt, type Fields } from '../http/validate';
import type { Route } from '../http/router';
import type { SendEntry, Sender, Target } from '../send';
import { LIMITS, arrayField, parseSendInput, stringItem, topicIdItem } from '../sender-input';
import { checkRate, fieldsOf, renderSend, requireApp } from './common';

/** Name shown for simple-push (SPT) messages, which have no app. */
export const SIMPLE_PUSH_NAME = 'Simple push';

/** 1000 when any entry succeeded; otherwise the first entry's reason as a 1001, with the entries. */
function answer(entries: SendEntry[]): Reply {
  if (entries.some((e) => e.code === Code.OK)) return ok(entries, 'processing succeeded');
  throw new ApiError(Code.FAILED, entries[0]?.status ?? 'nothing to send', entries);
}

/** The sender API of docs/protocol.md §6 (sending, status, withdrawal). */
export function senderRoutes(deps: Deps): Route[] {
  async function sendAsApp(
    fields: Fields,
    uids: string[],
    topicIds: number[],
    forceText: boolean,
  ): Promise<Reply> {
    const app = requireApp(deps, fields);
    const input = parseSendInput(fields, forceText);
    if (uids.length === 0 && topicIds.length === 0) {
      throw new ApiError(Code.DATA_ERROR, 'uids or topicIds is required: nobody to send to');
    }
    checkRate(deps, `app:${app.appToken}`);
    const targets: Target[] = [
      ...[...new Set(uids)].map((uid): Target => ({ kind: 'uid', uid })),
      ...[...new Set(topicIds)].map((topicId): Target => ({ kind: 'topic', topicId })),
    ];
    const sender: Sender = { app, name: app.name };
    return answer(deps.send(sender, await renderSend(deps, input), targets));
  }

  async function simplePush(fields: Fields, spts: string[], forceText: boolean): Promise<Reply> {
    const input = parseSendInput(fields, forceText);
    if (spts.length === 0) throw new ApiError(Code.DATA_ERROR, 'spt or sptList is required');
    const unique = [...new Set(spts)];
    const targets = unique.map((spt): Target => ({
      kind: 'user',
      user: deps.store.accounts.userBySpt(spt),
    }));
    if (targets.every((t) => t.kind === 'user' && !t.user)) {
      throw new ApiError(Code.FAILED, 'spt is invalid: no user has this SPT');
    }
    for (const spt of unique) checkRate(deps, `spt:${spt}`);
    const rendered = await renderSend(deps, input);
    return answer(deps.send({ app: null, name: SIMPLE_PUSH_NAME }, rendered, targets));
  }

  /** True when the call carries the token of the app (or the SPT) that made this record. */
  function senderAsks(fields: Fields, recordId: number, uid: string | null): boolean {
    const owner = deps.store.messages.sendRecordApp(recordId);
    const appToken = optString(fields, 'appToken', { max: 200 });
    if (appToken && owner?.appId != null) {
      return deps.store.accounts.appByToken(appToken)?.id === owner.appId;
    }
    const spt = optString(fields, 'spt', { max: 200 });
    return (
      !!spt && !!uid && owner?.appId == null && deps.store.accounts.userBySpt(spt)?.uid === uid
    );
  }

  return [
    {
      method: 'POST',
      path: '/api/send/message',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const uids = arrayField(fields, 'uids', LIMITS.uids, stringItem('uids'));
        const topicIds = arrayField(fields, 'topicIds', LIMITS.topicIds, topicIdItem);
        return sendAsApp(fields, uids, topicIds, false);
      },
    },
    {
      // The GET form: text only, one uid and/or one topicId.
      method: 'GET',
      path: '/api/send/message',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const uid = optString(fields, 'uid', { max: 200 });
        const topicId = optInt(fields, 'topicId', 1, Number.MAX_SAFE_INTEGER);
        return sendAsApp(fields, uid ? [uid] : [], topicId ? [topicId] : [], true);
      },
    },
    {
      method: 'POST',
      path: '/api/send/message/simple-push',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const list = arrayField(fields, 'sptList', LIMITS.spts, stringItem('sptList'));
        const spt = optString(fields, 'spt', { max: 200 });
        return simplePush(fields, spt ? [spt, ...list] : list, false);
      },
    },
    {
      // GET /api/send/message/{SPT}/{content}: content may itself contain slashes.
      method: 'GET',
      path: '/api/send/message/:spt/*content',
      handler: (ctx) =>
        simplePush({ ...fieldsOf(ctx), content: ctx.params.content }, [ctx.params.spt ?? ''], true),
    },
    {
      method: 'GET',
      path: '/api/send/query/status',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const id = reqInt(fields, 'sendRecordId', 1, Number.MAX_SAFE_INTEGER);
        const record = deps.store.messages.sendRecord(id);
        if (!record) {
          throw new ApiError(Code.FAILED, 'no send record with this id (records are kept 7 days)');
        }
        const counts = deps.store.messages.deliveryCounts(id);
        return ok({
          ...record,
          // Ids are sequential: the recipient is shown only to its sender (docs/protocol.md §6).
          uid: senderAsks(fields, id, record.uid) ? record.uid : null,
          pushedDevices: counts?.pushed ?? 0,
          pendingDevices: counts?.pending ?? 0,
        });
      },
    },
    {
      method: 'DELETE',
      path: '/api/send/message',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const app = requireApp(deps, fields);
        const id = reqInt(fields, 'messageContentId', 1, Number.MAX_SAFE_INTEGER);
        const done = deps.store.transaction(() => deps.store.messages.deleteContent(id, app.id));
        if (!done)
          throw new ApiError(Code.FAILED, 'no message with this messageContentId in this app');
        return ok(true, 'deleted');
      },
    },
  ];
}
