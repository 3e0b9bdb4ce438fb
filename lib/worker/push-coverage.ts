/**
 * Whether stored pushes may move the catch-up cursor (docs/architecture.md §5). A socket
 * delivers frames in the order the server wrote them, so once a catch-up completed on this
 * socket (everything created before its listing is stored) and while every frame since was
 * stored, a stored push proves that nothing the server sent before it is missing: the cursor
 * may move up to it, and the next catch-up (or a restarted worker's) reads one page, not
 * every push again. A frame dropped or a failed write ends that until the next complete run;
 * a new socket starts over. The run only counts when the server had this socket's pushToken
 * when it started: before that, messages may have been routed elsewhere.
 */
export function createPushCoverage(deps: {
  /** Moves the cursor of `account` up to `createTime` (the server's time) and id `mid`. */
  extend: (account: number, createTime: number, mid: number) => void;
}) {
  let epoch = 0;
  let account: number | null = null;
  let armed = false;
  let broken = false;
  /** The newest push stored since the last run started (folded in when it completes). */
  let newest = -Infinity;
  let newestId = 0;

  return {
    /** A new socket (its 202): returns its number; nothing carries over from the last one. */
    socketOpened(): number {
      epoch++;
      armed = false;
      broken = false;
      newest = -Infinity;
      newestId = 0;
      return epoch;
    },

    /** A push of `pushAccount` stored, received on socket `socket`. */
    stored(socket: number, pushAccount: number, createTime: number, mid: number): void {
      if (socket !== epoch || pushAccount !== account) return;
      if (armed) {
        deps.extend(pushAccount, createTime, mid);
      } else {
        newest = Math.max(newest, createTime);
        newestId = Math.max(newestId, mid);
      }
    },

    /** A frame on socket `socket` was dropped, or a push could not be stored. */
    lost(socket: number): void {
      if (socket !== epoch) return;
      broken = true;
      armed = false;
    },

    /**
     * A catch-up starts for `runAccount`; `registered` says whether the server routes to this
     * socket. `complete()` (after it succeeded) arms pushes and returns the newest push stored
     * meanwhile, to fold into the cursor (nothing, if none or if the run does not count).
     */
    runStarted(
      runAccount: number,
      registered: boolean,
    ): { complete(): { createTime: number; mid: number } } {
      const socket = epoch;
      account = runAccount;
      broken = false;
      newest = -Infinity;
      newestId = 0;
      return {
        complete() {
          if (socket !== epoch || broken || !registered || account !== runAccount) {
            return { createTime: -Infinity, mid: 0 };
          }
          armed = true;
          return { createTime: newest, mid: newestId };
        },
      };
    },
  };
}

export type PushCoverage = ReturnType<typeof createPushCoverage>;
