import { OFFICIAL_SERVER } from '../push/server-url';

/**
 * The built-in server (wxt.config.ts defines `__WXP_DEFAULT_SERVER__` at build time). Unit
 * tests run without the define, so fall back to the real service.
 */
export function defaultServer(): string {
  return typeof __WXP_DEFAULT_SERVER__ === 'string' ? __WXP_DEFAULT_SERVER__ : OFFICIAL_SERVER;
}
