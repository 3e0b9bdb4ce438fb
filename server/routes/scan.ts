import { postAppSubscribe } from '../callback';
import { SUB_APP } from '../db/accounts';
import type { Deps } from '../deps';
import { ApiError, Code, ok, type Reply } from '../http/envelope';
import { asFields, optString } from '../http/validate';
import { LOGIN_CODE_PREFIX, PARAM_CODE_PREFIX } from '../ids';
import { confirmPage, donePage, errorPage } from '../pages';
import { qrJpeg, qrPng } from '../qr';
import type { Ctx, Route } from '../http/router';
import { checkConfirmRequest } from './confirm-policy';

/** A code looked up in its namespace, with why it cannot be confirmed (if it cannot). */
type Lookup =
  | { kind: 'login'; code: string; problem?: string }
  | { kind: 'param'; code: string; appId: number; extra: string; problem?: string }
  | { kind: 'none' };

/**
 * The confirm page that stands in for scanning with WeChat (docs/protocol.md §7), and the QR image
 * that points at it. Login codes (`LGN_…`) bind a browser; parameter codes (`QR_…`) make the
 * user follow an app and fire its `app_subscribe` callback.
 */
export function scanRoutes(deps: Deps): Route[] {
  const { devices, codes, accounts } = deps.store;

  function lookup(code: string): Lookup {
    const now = deps.clock.now();
    if (code.startsWith(LOGIN_CODE_PREFIX)) {
      const login = devices.loginCode(code);
      if (!login) return { kind: 'none' };
      const problem =
        login.expires <= now
          ? 'This code has expired. Create a new QR code in the browser.'
          : login.deviceUuid
            ? 'This code was already used to bind a browser.'
            : undefined;
      return { kind: 'login', code, problem };
    }
    if (code.startsWith(PARAM_CODE_PREFIX)) {
      const param = codes.get(code);
      if (!param) return { kind: 'none' };
      const problem = param.expires <= now ? 'This QR code has expired.' : undefined;
      return { kind: 'param', code, appId: param.appId, extra: param.extra, problem };
    }
    return { kind: 'none' };
  }

  /**
   * The user confirming: the default one, as there is no WeChat account here. Only a server
   * started with `confirmingUid` (the test server) lets a JSON body name another.
   */
  function confirmingUid(ctx: Ctx): string {
    const fields = asFields(ctx.body);
    if (deps.confirmingUid) return deps.confirmingUid(fields) ?? deps.defaults.user.uid;
    if (optString(fields, 'uid', { max: 200 }) !== undefined) {
      throw new ApiError(
        Code.DATA_ERROR,
        `uid is not accepted: this server confirms as its user ${deps.defaults.user.uid}`,
      );
    }
    return deps.defaults.user.uid;
  }

  function confirm(ctx: Ctx, code: string) {
    const found = lookup(code);
    if (found.kind === 'none') throw new ApiError(Code.FAILED, 'unknown code');
    if (found.problem) throw new ApiError(Code.FAILED, found.problem);
    const uid = confirmingUid(ctx);
    const user = accounts.userByUid(uid);
    if (!user) throw new ApiError(Code.FAILED, 'uid does not exist');
    const now = deps.clock.now();
    if (found.kind === 'login') {
      devices.confirmLoginCode(code, user.uid);
      return { type: 'login', code, uid: user.uid };
    }
    codes.recordScan(code, user.uid, now);
    accounts.subscribe(user.uid, SUB_APP, found.appId, found.appId, now);
    const app = accounts.appById(found.appId);
    if (app?.callbackUrl) {
      postAppSubscribe(app.callbackUrl, {
        appId: app.id,
        appName: app.name,
        source: 'scan',
        time: now,
        uid: user.uid,
        extra: found.extra,
      });
    }
    return { type: 'param', code, uid: user.uid, appId: found.appId, extra: found.extra };
  }

  return [
    {
      method: 'GET',
      path: '/scan/:code',
      page: true,
      handler: (ctx) => {
        const found = lookup(ctx.params.code ?? '');
        if (found.kind === 'none')
          return errorPage(404, 'Unknown code', 'This QR code is not known here.');
        if (found.problem) return errorPage(410, 'Code not usable', found.problem);
        const user = deps.defaults.user;
        const token = deps.formTokens.issue(found.code);
        if (found.kind === 'login') {
          return confirmPage(
            'Bind this browser?',
            `The browser that shows this QR code will receive the messages of ${user.nickName} (${user.uid}).`,
            'Bind',
            token,
          );
        }
        const app = accounts.appById(found.appId);
        return confirmPage(
          `Follow ${app?.name ?? 'this app'}?`,
          `${user.nickName} (${user.uid}) will receive this app's messages.`,
          'Follow',
          token,
        );
      },
    },
    {
      // JSON requests get an envelope; form posts from the confirm page get HTML.
      method: 'POST',
      path: '/scan/:code',
      limit: 'page',
      handler: (ctx): Reply => {
        try {
          const code = ctx.params.code ?? '';
          checkConfirmRequest(ctx, code, deps.formTokens);
          const result = confirm(ctx, code);
          if (!ctx.isForm) return ok(result, 'confirmed');
          return result.type === 'login'
            ? donePage('Browser bound', 'Done. The browser will finish binding in a few seconds.')
            : donePage('Following', 'Done. You now follow this app.');
        } catch (err) {
          if (ctx.isForm && err instanceof ApiError)
            return errorPage(err.pageStatus, 'Not confirmed', err.message);
          throw err;
        }
      },
    },
    {
      method: 'GET',
      path: '/api/qrcode/:file',
      page: true,
      handler: async (ctx) => {
        // Served with the type its name says: .jpg (the clients' path) as JPEG, else PNG.
        const file = ctx.params.file ?? '';
        const jpeg = /\.jpe?g$/.test(file);
        const code = file.replace(/\.(jpe?g|png)$/, '');
        if (lookup(code).kind === 'none') return errorPage(404, 'Unknown code', 'No such QR code.');
        const target = `${ctx.baseUrl}/scan/${code}`;
        return {
          status: 200,
          headers: {
            'Content-Type': jpeg ? 'image/jpeg' : 'image/png',
            'Cache-Control': 'no-store',
          },
          body: jpeg ? qrJpeg(target) : await qrPng(target),
        };
      },
    },
  ];
}
