import { ApiError, Code } from '../http/envelope';
import type { Ctx } from '../http/router';
import type { FormTokens } from '../form-tokens';

const header = (ctx: Ctx, name: string): string => {
  const value = ctx.req.headers[name];
  return ((Array.isArray(value) ? value[0] : value) ?? '').toLowerCase();
};

/**
 * Who may confirm a code (docs/protocol.md §7): the confirm page's own form, carrying its
 * one-time token, or a program posting JSON without an `Origin`. A post from another site (by
 * `Origin` or `Sec-Fetch-Site`), from an extension, or with a body type a cross-site form can
 * send without a preflight (text/plain, multipart) is refused, so no web page can bind a
 * browser it controls to this server's user. Throws an ApiError (HTTP 403 on the page).
 */
export function checkConfirmRequest(ctx: Ctx, code: string, formTokens: FormTokens): void {
  const refuse = (why: string) => new ApiError(Code.FAILED, `not confirmed: ${why}`, null, 403);
  if (ctx.origin !== 'none' && ctx.origin !== 'same-origin') {
    throw refuse('a confirmation must come from the confirm page itself');
  }
  const site = header(ctx, 'sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    throw refuse(`a confirmation must come from the confirm page itself (${site} request)`);
  }
  if (ctx.isForm) {
    const token = (ctx.body as Record<string, unknown>).token;
    if (typeof token !== 'string' || !formTokens.consume(code, token)) {
      throw refuse('this confirm page has expired or was already used; open the link again');
    }
    return;
  }
  const type = header(ctx, 'content-type');
  if (type ? !type.startsWith('application/json') : ctx.body !== undefined) {
    throw new ApiError(
      Code.DATA_ERROR,
      'send the confirmation as JSON (Content-Type: application/json) or through the confirm page',
    );
  }
}
