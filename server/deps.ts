import type { Clock } from './clock';
import type { Store } from './db';
import type { App, Topic, User } from './db/accounts';
import type { Delivery } from './delivery';
import type { FormTokens } from './form-tokens';
import type { Fields } from './http/validate';
import type { PendingTokens } from './pending-tokens';
import type { RateLimiter } from './rate-limit';
import type { Renderer } from './renderer';
import type { SendService } from './send';
import type { Hub } from './ws-hub';

/** An upgrade offer for `GET /api/device/version-update` (answered with 1007). */
export interface VersionUpdate {
  title: string;
  content: string;
  version: string;
  must: boolean;
  url: string;
}

/** Everything route handlers use, built once by `createServer`. */
export interface Deps {
  store: Store;
  clock: Clock;
  hub: Hub;
  delivery: Delivery;
  send: SendService;
  /** Null when rate limiting is off. */
  rateLimiter: RateLimiter | null;
  defaults: { app: App; user: User; topic: Topic };
  versionUpdate: VersionUpdate | null;
  /** Renders bodies once, at send time, off the event loop. */
  renderer: Renderer;
  /** Push tokens of sockets no device has bound yet (in memory only). */
  pendingTokens: PendingTokens;
  /** One-time tokens of the confirm page's form. */
  formTokens: FormTokens;
  /** Who confirms a code (ServerOptions.confirmingUid); undefined: the default user only. */
  confirmingUid?: (fields: Fields) => string | undefined;
}
