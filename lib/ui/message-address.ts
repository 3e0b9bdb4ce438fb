/** The full message view's address, `message.html?id=<mid>[&account=<id>]`. */

/** Reads a `message.html?id=` parameter; NaN-free: null when it is not a message id. */
export function parseMessageId(search: string): number | null {
  const raw = new URLSearchParams(search).get('id') ?? '';
  return /^\d{1,16}$/.test(raw) ? Number(raw) : null;
}

/** Reads `&account=` (an earlier account's message); null means the bound account's. */
export function parseMessageAccount(search: string): number | null {
  const raw = new URLSearchParams(search).get('account') ?? '';
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}
