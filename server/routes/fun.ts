import { SUB_APP } from '../db/accounts';
import type { Deps } from '../deps';
import { ApiError, Code, ok } from '../http/envelope';
import { optBool, optInt, optString, reqInt, reqString, type Fields } from '../http/validate';
import type { Route } from '../http/router';
import { fieldsOf, requireApp } from './common';

const DEFAULT_VALID_S = 1800;
const MAX_VALID_S = 30 * 24 * 3600;

/** Parameter QR codes and subscriber management (docs/protocol.md §6, `/api/fun/…`). */
export function funRoutes(deps: Deps): Route[] {
  const { accounts, codes } = deps.store;

  /** The subscription `id` of this app, or a 1001. */
  function ownedSubscription(fields: Fields) {
    const app = requireApp(deps, fields);
    const sub = accounts.subscriptionById(reqInt(fields, 'id', 1, Number.MAX_SAFE_INTEGER));
    if (!sub || sub.appId !== app.id) {
      throw new ApiError(Code.FAILED, 'no subscription with this id in this app');
    }
    return sub;
  }

  return [
    {
      method: 'POST',
      path: '/api/fun/create/qrcode',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const app = requireApp(deps, fields);
        const extra = optString(fields, 'extra', { max: 64 }) ?? '';
        const validS = optInt(fields, 'validTime', 1, MAX_VALID_S) ?? DEFAULT_VALID_S;
        const code = codes.create(app.id, extra, deps.clock.now(), validS * 1000);
        return ok({
          code: code.code,
          url: `${ctx.baseUrl}/api/qrcode/${code.code}.jpg`,
          shortUrl: `${ctx.baseUrl}/scan/${code.code}`,
          expires: code.expires,
          extra,
        });
      },
    },
    {
      method: 'GET',
      path: '/api/fun/scan-qrcode-uid',
      handler: (ctx) => {
        const code = codes.get(reqString(fieldsOf(ctx), 'code', { max: 100 }));
        if (!code) throw new ApiError(Code.FAILED, 'no such parameter QR code (or it expired)');
        // null until someone confirms the code; poll no faster than every 10 s.
        return ok(code.scanUid);
      },
    },
    {
      method: 'GET',
      path: '/api/fun/wxuser/v2',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const app = requireApp(deps, fields);
        const page = optInt(fields, 'page', 1, 1_000_000) ?? 1;
        const pageSize = optInt(fields, 'pageSize', 1, 100) ?? 20;
        const { total, records } = accounts.listSubscriptions(
          {
            appId: app.id,
            uid: optString(fields, 'uid', { max: 200 }),
            reject: optBool(fields, 'isBlock'),
            type: optInt(fields, 'type', 0, 1),
          },
          page,
          pageSize,
        );
        return ok({
          total,
          page,
          pageSize,
          records: records.map((s) => ({
            uid: s.uid,
            appOrTopicId: s.targetId,
            createTime: s.createTime,
            reject: s.reject,
            id: s.id,
            type: s.type,
            target:
              s.type === SUB_APP ? app.name : (accounts.topicById(s.targetId)?.name ?? 'topic'),
            payEndTime: 0,
          })),
        });
      },
    },
    {
      method: 'DELETE',
      path: '/api/fun/remove',
      handler: (ctx) => {
        const sub = ownedSubscription(fieldsOf(ctx));
        accounts.removeSubscription(sub.id);
        return ok('removed');
      },
    },
    {
      method: 'PUT',
      path: '/api/fun/reject',
      handler: (ctx) => {
        const fields = fieldsOf(ctx);
        const sub = ownedSubscription(fields);
        const reject = optBool(fields, 'reject');
        if (reject === undefined)
          throw new ApiError(Code.DATA_ERROR, 'reject is required (true or false)');
        accounts.setReject(sub.id, reject);
        return ok(reject ? 'blocked' : 'unblocked');
      },
    },
  ];
}
