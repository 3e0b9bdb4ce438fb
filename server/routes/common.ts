import type { App } from '../db/accounts';
import type { Device } from '../db/devices';
import type { Deps } from '../deps';
import { ApiError, Code } from '../http/envelope';
import { asFields, queryFields, reqString, type Fields } from '../http/validate';
import type { Ctx } from '../http/router';
import type { SendInput } from '../send';
import type { ParsedSend } from '../sender-input';

/** Query parameters and body fields together (body wins); senders use either. */
export function fieldsOf(ctx: Ctx): Fields {
  return { ...queryFields(ctx.query), ...asFields(ctx.body) };
}

/** The app whose `appToken` is given, or a 1001 naming the problem. */
export function requireApp(deps: Deps, fields: Fields): App {
  const token = reqString(fields, 'appToken', { max: 200 });
  const app = deps.store.accounts.appByToken(token);
  if (!app) throw new ApiError(Code.FAILED, 'appToken is invalid: no app has this token');
  return app;
}

/** Applies the per-sender rate limit (docs/protocol.md §6: 20 calls in 10 s). */
export function checkRate(deps: Deps, key: string): void {
  if (deps.rateLimiter && !deps.rateLimiter.hit(key)) {
    throw new ApiError(
      Code.FAILED,
      'rate limit exceeded: at most 20 calls in 10 seconds (about 2 a second) per sender',
    );
  }
}

/**
 * The bound device presenting the `deviceToken` header (all `/api/need-login/` routes). Missing
 * or unknown tokens are 1002, which tells clients to drop their binding (docs/protocol.md §1).
 */
export function requireDevice(deps: Deps, ctx: Ctx): Device & { uid: string } {
  const header = ctx.req.headers.devicetoken;
  const token = Array.isArray(header) ? header[0] : header;
  if (!token)
    throw new ApiError(Code.NOT_LOGGED_IN, 'not logged in: the deviceToken header is missing');
  const device = deps.store.devices.deviceByToken(token);
  if (!device?.uid) {
    throw new ApiError(
      Code.NOT_LOGGED_IN,
      'not logged in: the deviceToken is invalid or was revoked',
    );
  }
  return { ...device, uid: device.uid };
}

/**
 * Renders a send's body once, before it is stored: the summary when none was given and the
 * detail page's HTML, off the event loop and within the render budget (renderer.ts).
 */
export async function renderSend(deps: Deps, input: ParsedSend): Promise<SendInput> {
  const rendered = await deps.renderer.prepare(input.content, input.contentType, input.summary);
  return { ...input, summary: rendered.summary, html: rendered.html };
}
