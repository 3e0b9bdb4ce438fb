import { timingSafeEqual } from 'node:crypto';
import type { Clock } from './clock';
import { randomToken } from './ids';

/**
 * One-time tokens of the confirm page's form (docs/protocol.md §7): each page view gets a token
 * that its form posts back, valid once, for one code, for a few minutes. A page on another site
 * cannot read it, so it cannot forge the form post.
 */
export function createFormTokens(clock: Clock, ttlMs = 10 * 60_000, max = 5_000) {
  /** Token → the code it confirms and its expiry (insertion order = age). */
  const tokens = new Map<string, { code: string; expires: number }>();

  return {
    /** A new token for a form confirming `code`. */
    issue(code: string): string {
      const now = clock.now();
      for (const [token, entry] of tokens) {
        if (entry.expires > now && tokens.size < max) break;
        tokens.delete(token);
      }
      const token = randomToken(32);
      tokens.set(token, { code, expires: now + ttlMs });
      return token;
    },
    /** True (and the token is spent) when `token` was issued for `code` and is still valid. */
    consume(code: string, token: string): boolean {
      const entry = tokens.get(token);
      if (!entry) return false;
      tokens.delete(token);
      const a = Buffer.from(entry.code);
      const b = Buffer.from(code);
      return a.length === b.length && timingSafeEqual(a, b) && entry.expires > clock.now();
    },
  };
}

/** The confirm form's one-time tokens. */
export type FormTokens = ReturnType<typeof createFormTokens>;
