import type { Clock } from './clock';

/** Options of {@link createPendingTokens}. */
export interface PendingTokenOptions {
  clock: Clock;
  /** How long a token minted for a socket is remembered after its last socket closed. */
  ttlMs?: number;
  /** Most tokens remembered; the oldest are forgotten first. */
  max?: number;
}

/**
 * Push tokens minted for sockets that no device has bound yet, kept in memory only: anonymous
 * sockets leave nothing in the database (docs/architecture.md §9). A browser reconnecting
 * within `ttlMs` keeps its token; binding a device writes the token to the database.
 */
export function createPendingTokens(options: PendingTokenOptions) {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const max = options.max ?? 10_000;
  /** Token → the time it was last used (insertion order = age, refreshed on use). */
  const seen = new Map<string, number>();

  function prune(now: number) {
    for (const [token, at] of seen) {
      if (at > now - ttlMs && seen.size <= max) break;
      seen.delete(token);
    }
  }

  return {
    /** Remembers (or refreshes) a token of an open, unbound socket. */
    touch(token: string): void {
      const now = options.clock.now();
      seen.delete(token);
      seen.set(token, now);
      prune(now);
    },
    /** True when this token was minted here and is still remembered. */
    has(token: string): boolean {
      const at = seen.get(token);
      return at !== undefined && at > options.clock.now() - ttlMs;
    },
    /** The token was bound (now in the database) or is otherwise no longer pending. */
    forget(token: string): void {
      seen.delete(token);
    },
    size: () => seen.size,
  };
}

/** The in-memory pending push tokens. */
export type PendingTokens = ReturnType<typeof createPendingTokens>;
