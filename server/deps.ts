import type { Clock } from './clock';
import type { Store } from './db';
import type { App, Topic, User } from './db/accounts';
import type { Delivery } from './delivery';
import type { RateLimiter } from './rate-limit';
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
}
