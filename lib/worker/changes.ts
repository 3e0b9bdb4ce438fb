import type { ChangeEvent } from '../protocol';

/** Which stored messages a change touched, by id; a missing list is empty. */
export interface MessageChange {
  added?: number[];
  changed?: number[];
  removed?: number[];
}

/**
 * The worker's side of the change broadcast that open pages follow (docs/architecture.md §7).
 * Posting with no page listening may throw; there is nobody to tell, so it is swallowed.
 */
export function createChanges(post: (event: ChangeEvent) => void) {
  function send(event: ChangeEvent) {
    try {
      post(event);
    } catch {
      // No page is listening: nothing to tell.
    }
  }
  return {
    /** The worker's status changed (connection, binding, an error). */
    status: () => send({ type: 'status' }),
    /** Messages of `account` changed. */
    messages: (account: number, { added = [], changed = [], removed = [] }: MessageChange) =>
      send({ type: 'messages', account, added, changed, removed }),
  };
}

export type Changes = ReturnType<typeof createChanges>;
