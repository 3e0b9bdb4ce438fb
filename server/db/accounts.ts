import type Database from 'better-sqlite3';
import { mint } from '../ids';

/** An app: the sender side, identified by its appToken. */
export interface App {
  id: number;
  appToken: string;
  name: string;
  callbackUrl: string | null;
}

/** A receiving user: UID for app sends, SPT for simple push. */
export interface User {
  uid: string;
  spt: string;
  nickName: string;
}

/** A topic of an app; sends to it reach its subscribers. */
export interface Topic {
  id: number;
  appId: number;
  name: string;
}

/** Subscription kinds, as in `GET /api/fun/wxuser/v2` (`type`: 0 app, 1 topic). */
export const SUB_APP = 0;
export const SUB_TOPIC = 1;

/** A user following an app (type 0) or a topic (type 1). */
export interface Subscription {
  id: number;
  uid: string;
  type: number;
  targetId: number;
  appId: number;
  reject: boolean;
  createTime: number;
}

interface SubRow {
  id: number;
  uid: string;
  type: number;
  target_id: number;
  app_id: number;
  reject: number;
  create_time: number;
}

const toSub = (r: SubRow): Subscription => ({
  id: r.id,
  uid: r.uid,
  type: r.type,
  targetId: r.target_id,
  appId: r.app_id,
  reject: r.reject === 1,
  createTime: r.create_time,
});

const APP_COLS = 'id, app_token AS appToken, name, callback_url AS callbackUrl';
const USER_COLS = 'uid, spt, nick_name AS nickName';

/** Filters of the subscriber list (`GET /api/fun/wxuser/v2`). */
export interface SubscriptionFilter {
  appId: number;
  uid?: string;
  reject?: boolean;
  type?: number;
}

/** Queries over apps, users, topics and subscriptions. */
export function createAccounts(db: Database.Database) {
  const meta = {
    get: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    set: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
  };
  const appByToken = db.prepare<[string], App>(`SELECT ${APP_COLS} FROM apps WHERE app_token = ?`);
  const appById = db.prepare<[number], App>(`SELECT ${APP_COLS} FROM apps WHERE id = ?`);
  const userByUid = db.prepare<[string], User>(`SELECT ${USER_COLS} FROM users WHERE uid = ?`);
  const userBySpt = db.prepare<[string], User>(`SELECT ${USER_COLS} FROM users WHERE spt = ?`);
  const topicById = db.prepare<[number], Topic>(
    'SELECT id, app_id AS appId, name FROM topics WHERE id = ?',
  );
  const subByKey = db.prepare<[number, number, string], SubRow>(
    'SELECT * FROM subscriptions WHERE type = ? AND target_id = ? AND uid = ?',
  );
  const subById = db.prepare<[number], SubRow>('SELECT * FROM subscriptions WHERE id = ?');

  function createUser(now: number, nickName = 'WxPusher user'): User {
    const user = { uid: mint.uid(), spt: mint.spt(), nickName };
    db.prepare('INSERT INTO users (uid, spt, nick_name, create_time) VALUES (?, ?, ?, ?)').run(
      user.uid,
      user.spt,
      nickName,
      now,
    );
    return user;
  }

  /** Follows an app or topic; an existing subscription keeps its `reject` flag. */
  function subscribe(uid: string, type: number, targetId: number, appId: number, now: number) {
    db.prepare(
      `INSERT OR IGNORE INTO subscriptions (uid, type, target_id, app_id, create_time)
       VALUES (?, ?, ?, ?, ?)`,
    ).run(uid, type, targetId, appId, now);
    return toSub(subByKey.get(type, targetId, uid) as SubRow);
  }

  /**
   * Creates the default app, user and topic on first start and returns the same ones on every
   * later start (their ids live in `meta`). `callbackUrl`, when given, replaces the default
   * app's callback URL.
   */
  function ensureDefaults(now: number, callbackUrl?: string) {
    return db.transaction(() => {
      let appId = Number(meta.get.get('default_app_id')?.value ?? 0);
      if (!appId) {
        const info = db
          .prepare('INSERT INTO apps (app_token, name, create_time) VALUES (?, ?, ?)')
          .run(mint.appToken(), 'Local WxPusher', now);
        appId = Number(info.lastInsertRowid);
        const user = createUser(now, 'Local user');
        const topicId = Number(
          db
            .prepare('INSERT INTO topics (app_id, name, create_time) VALUES (?, ?, ?)')
            .run(appId, 'Default topic', now).lastInsertRowid,
        );
        subscribe(user.uid, SUB_APP, appId, appId, now);
        subscribe(user.uid, SUB_TOPIC, topicId, appId, now);
        meta.set.run('default_app_id', String(appId));
        meta.set.run('default_uid', user.uid);
        meta.set.run('default_topic_id', String(topicId));
      }
      if (callbackUrl !== undefined) {
        db.prepare('UPDATE apps SET callback_url = ? WHERE id = ?').run(callbackUrl || null, appId);
      }
      const app = appById.get(appId) as App;
      const user = userByUid.get(meta.get.get('default_uid')?.value ?? '') as User;
      const topic = topicById.get(Number(meta.get.get('default_topic_id')?.value)) as Topic;
      return { app, user, topic };
    })();
  }

  return {
    ensureDefaults,
    createUser,
    subscribe,
    appByToken: (token: string) => appByToken.get(token),
    appById: (id: number) => appById.get(id),
    userByUid: (uid: string) => userByUid.get(uid),
    userBySpt: (spt: string) => userBySpt.get(spt),
    topicById: (id: number) => topicById.get(id),
    subscription(uid: string, type: number, targetId: number): Subscription | undefined {
      const row = subByKey.get(type, targetId, uid);
      return row && toSub(row);
    },
    subscriptionById(id: number): Subscription | undefined {
      const row = subById.get(id);
      return row && toSub(row);
    },
    /** UIDs following a topic and not blocked by the app. */
    topicSubscribers(topicId: number): string[] {
      return db
        .prepare<[number], { uid: string }>(
          `SELECT uid FROM subscriptions WHERE type = ${SUB_TOPIC} AND target_id = ? AND reject = 0
           ORDER BY id`,
        )
        .all(topicId)
        .map((r) => r.uid);
    },
    listSubscriptions(filter: SubscriptionFilter, page: number, pageSize: number) {
      const where = ['app_id = @appId'];
      if (filter.uid !== undefined) where.push('uid = @uid');
      if (filter.reject !== undefined) where.push('reject = @reject');
      if (filter.type !== undefined) where.push('type = @type');
      const params = {
        appId: filter.appId,
        uid: filter.uid,
        reject: filter.reject === undefined ? undefined : Number(filter.reject),
        type: filter.type,
      };
      const clause = where.join(' AND ');
      const bound = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
      const total = (
        db.prepare(`SELECT COUNT(*) AS n FROM subscriptions WHERE ${clause}`).get(bound) as {
          n: number;
        }
      ).n;
      const rows = db
        .prepare(
          `SELECT * FROM subscriptions WHERE ${clause} ORDER BY id LIMIT @limit OFFSET @offset`,
        )
        .all({ ...bound, limit: pageSize, offset: (page - 1) * pageSize }) as SubRow[];
      return { total, records: rows.map(toSub) };
    },
    removeSubscription: (id: number) =>
      db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id),
    setReject: (id: number, reject: boolean) =>
      db.prepare('UPDATE subscriptions SET reject = ? WHERE id = ?').run(Number(reject), id),
  };
}
