import type Database from 'better-sqlite3';

/** A message as a recipient sees it (list item, 20001 frame, detail page). */
export interface MessageView {
  messageId: number;
  qid: string;
  name: string;
  title: string;
  summary: string;
  content: string;
  contentType: number;
  sourceUrl: string;
  createTime: number;
}

/** A list item: a message plus this device's read flag. */
export interface ListedMessage extends MessageView {
  read: boolean;
}

/** The body of one send call. */
export interface NewContent {
  appId: number | null;
  title: string;
  summary: string;
  content: string;
  contentType: number;
  sourceUrl: string;
  /** The detail page's safe HTML, rendered at send time. */
  html: string;
  now: number;
}

/** What the public detail page shows; `html` is null for contents stored before it was kept. */
export interface MessageDetail extends MessageView {
  contentId: number;
  html: string | null;
}

/** One uid or topic entry of a send call. */
export interface SendRecord {
  sendRecordId: number;
  messageContentId: number;
  uid: string | null;
  topicId: number | null;
  code: number;
  status: string;
  recipients: number;
  createTime: number;
}

const VIEW_COLS = `m.id AS messageId, m.qid, m.name, c.title, c.summary, c.content,
  c.content_type AS contentType, c.source_url AS sourceUrl, m.create_time AS createTime`;
const FROM = 'messages m JOIN contents c ON c.id = m.content_id';

/** `LIKE` pattern matching `key` literally anywhere. */
const likePattern = (key: string) => `%${key.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/** Queries over contents, send records, messages and per-device message state. */
export function createMessages(db: Database.Database) {
  const insertMessage = db.prepare(
    `INSERT INTO messages (qid, content_id, send_record_id, uid, topic_id, name, create_time)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertDeviceMessage = db.prepare(
    'INSERT OR IGNORE INTO device_messages (message_id, device_uuid) VALUES (?, ?)',
  );
  const setPushed = db.prepare(
    'UPDATE device_messages SET pushed = ? WHERE message_id = ? AND device_uuid = ?',
  );
  const view = db.prepare<[number], MessageView>(`SELECT ${VIEW_COLS} FROM ${FROM} WHERE m.id = ?`);
  const byQid = db.prepare<[string], MessageDetail>(
    `SELECT ${VIEW_COLS}, c.id AS contentId, c.html FROM ${FROM} WHERE m.qid = ?`,
  );
  // Only the device's current user's messages: a device re-bound to another user must never
  // be handed what was pending for the previous one.
  const pending = db.prepare<[string, string, number], MessageView>(
    `SELECT ${VIEW_COLS} FROM ${FROM} JOIN device_messages dm ON dm.message_id = m.id
     WHERE dm.device_uuid = ? AND m.uid = ? AND dm.pushed = 0 AND dm.is_deleted = 0
     AND m.create_time >= ? ORDER BY m.id`,
  );
  const ownedIds = (uid: string, ids: number[]) =>
    db
      .prepare<unknown[], { id: number }>(
        `SELECT id FROM messages WHERE uid = ? AND id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(uid, ...ids)
      .map((r) => r.id);
  const upsertState = (column: 'is_read' | 'is_deleted') =>
    db.prepare(
      `INSERT INTO device_messages (message_id, device_uuid, pushed, ${column}) VALUES (?, ?, 1, ?)
       ON CONFLICT (message_id, device_uuid) DO UPDATE SET ${column} = excluded.${column}`,
    );
  const upsertRead = upsertState('is_read');
  const upsertDeleted = upsertState('is_deleted');

  return {
    insertContent(c: NewContent): number {
      return Number(
        db
          .prepare(
            `INSERT INTO contents (app_id, title, summary, content, content_type, source_url,
             html, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(c.appId, c.title, c.summary, c.content, c.contentType, c.sourceUrl, c.html, c.now)
          .lastInsertRowid,
      );
    },
    insertSendRecord(r: Omit<SendRecord, 'sendRecordId'>): number {
      return Number(
        db
          .prepare(
            `INSERT INTO send_records (content_id, uid, topic_id, code, status, recipients,
             create_time) VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(r.messageContentId, r.uid, r.topicId, r.code, r.status, r.recipients, r.createTime)
          .lastInsertRowid,
      );
    },
    sendRecord(id: number): SendRecord | undefined {
      return db
        .prepare<[number], SendRecord>(
          `SELECT id AS sendRecordId, content_id AS messageContentId, uid, topic_id AS topicId,
           code, status, recipients, create_time AS createTime FROM send_records WHERE id = ?`,
        )
        .get(id);
    },
    /** The app that sent this record's content (null for simple push), if the record exists. */
    sendRecordApp(id: number): { appId: number | null } | undefined {
      return db
        .prepare<[number], { appId: number | null }>(
          `SELECT c.app_id AS appId FROM send_records s JOIN contents c ON c.id = s.content_id
           WHERE s.id = ?`,
        )
        .get(id);
    },
    /** Devices that have / have not yet had this send record's messages written to them. */
    deliveryCounts(sendRecordId: number) {
      return db
        .prepare<[number], { pushed: number | null; pending: number | null }>(
          `SELECT SUM(dm.pushed = 1) AS pushed, SUM(dm.pushed = 0) AS pending
           FROM device_messages dm JOIN messages m ON m.id = dm.message_id
           WHERE m.send_record_id = ?`,
        )
        .get(sendRecordId);
    },
    insertMessage(
      qid: string,
      contentId: number,
      sendRecordId: number,
      uid: string,
      topicId: number | null,
      name: string,
      now: number,
    ): number {
      return Number(
        insertMessage.run(qid, contentId, sendRecordId, uid, topicId, name, now).lastInsertRowid,
      );
    },
    addDeviceMessage: (messageId: number, deviceUuid: string) =>
      insertDeviceMessage.run(messageId, deviceUuid),
    markPushed: (messageId: number, deviceUuid: string, pushed: boolean) =>
      setPushed.run(Number(pushed), messageId, deviceUuid),
    view: (messageId: number) => view.get(messageId),
    /** The detail page's view of a message. */
    detailByQid: (qid: string) => byQid.get(qid),
    /** Stores the detail HTML of a content rendered late (stored before it was kept). */
    setContentHtml: (contentId: number, html: string) =>
      db.prepare('UPDATE contents SET html = ? WHERE id = ?').run(html, contentId),
    /** `uid`'s messages for this device not yet written to it, created at or after `since`. */
    pendingFor: (deviceUuid: string, uid: string, since: number) =>
      pending.all(deviceUuid, uid, since),
    /** One page of a user's messages as this device sees them, newest first. */
    list(uid: string, deviceUuid: string, beforeId: number, key: string, limit: number) {
      const search = key
        ? `AND (c.title LIKE @k ESCAPE '\\' OR c.summary LIKE @k ESCAPE '\\'
           OR c.content LIKE @k ESCAPE '\\' OR m.name LIKE @k ESCAPE '\\')`
        : '';
      const rows = db
        .prepare(
          `SELECT ${VIEW_COLS}, COALESCE(dm.is_read, 0) AS isRead FROM ${FROM}
           LEFT JOIN device_messages dm ON dm.message_id = m.id AND dm.device_uuid = @device
           WHERE m.uid = @uid AND m.id < @before AND COALESCE(dm.is_deleted, 0) = 0 ${search}
           ORDER BY m.id DESC LIMIT @limit`,
        )
        .all({
          uid,
          device: deviceUuid,
          before: beforeId,
          limit,
          ...(key ? { k: likePattern(key) } : {}),
        }) as (MessageView & { isRead: number })[];
      return rows.map(({ isRead, ...m }): ListedMessage => ({ ...m, read: isRead === 1 }));
    },
    /** Sets this device's read flag on those of `ids` that belong to `uid`; returns the count. */
    markRead(uid: string, deviceUuid: string, ids: number[], read: boolean): number {
      if (ids.length === 0) return 0;
      const owned = ownedIds(uid, ids);
      for (const id of owned) upsertRead.run(id, deviceUuid, Number(read));
      return owned.length;
    },
    /** Hides messages from this device's list (and from replay to it). */
    markDeleted(uid: string, deviceUuid: string, ids: number[]): number {
      if (ids.length === 0) return 0;
      const owned = ownedIds(uid, ids);
      for (const id of owned) upsertDeleted.run(id, deviceUuid, 1);
      return owned.length;
    },
    deleteAllFor(uid: string, deviceUuid: string): number {
      return db
        .prepare(
          `INSERT INTO device_messages (message_id, device_uuid, pushed, is_deleted)
           SELECT id, ?, 1, 1 FROM messages WHERE uid = ?
           ON CONFLICT (message_id, device_uuid) DO UPDATE SET is_deleted = 1`,
        )
        .run(deviceUuid, uid).changes;
    },
    /** Withdraws a content from every recipient (list, replay and detail page). */
    deleteContent(contentId: number, appId: number): boolean {
      const owned = db
        .prepare('SELECT 1 FROM contents WHERE id = ? AND app_id = ?')
        .get(contentId, appId);
      if (!owned) return false;
      db.prepare(
        `DELETE FROM device_messages WHERE message_id IN
         (SELECT id FROM messages WHERE content_id = ?)`,
      ).run(contentId);
      db.prepare('DELETE FROM messages WHERE content_id = ?').run(contentId);
      db.prepare('DELETE FROM contents WHERE id = ?').run(contentId);
      return true;
    },
    dailyCount(uid: string, day: number): number {
      const row = db
        .prepare<[string, number], { count: number }>(
          'SELECT count FROM daily_counts WHERE uid = ? AND day = ?',
        )
        .get(uid, day);
      return row?.count ?? 0;
    },
    addDailyCount(uid: string, day: number, n: number) {
      db.prepare(
        `INSERT INTO daily_counts (uid, day, count) VALUES (?, ?, ?)
         ON CONFLICT (uid, day) DO UPDATE SET count = count + excluded.count`,
      ).run(uid, day, n);
    },
  };
}
