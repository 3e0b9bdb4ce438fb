import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { StoredMessage } from '../message';

/** A server call the worker still owes (read marks and deletes are applied locally first). */
export interface OutboxEntry {
  id?: number;
  op: 'read' | 'unread' | 'delete' | 'deleteAll';
  mids: number[];
  createdAt: number;
  attempts: number;
}

/** The extension's one database. Written by the worker only; pages read it. */
export interface WxpDB extends DBSchema {
  messages: {
    key: number;
    value: StoredMessage;
    /** createTime: list order and pruning; unread: the badge count; name: the app names. */
    indexes: { createTime: number; unread: number; name: string };
  };
  /** Ids deleted here, so a replay or a fetch cannot bring them back. */
  tombstones: {
    key: number;
    value: { mid: number; deletedAt: number };
    indexes: { deletedAt: number };
  };
  outbox: {
    key: number;
    value: OutboxEntry;
  };
}

export const DB_NAME = 'wxpusher';
export const DB_VERSION = 1;

/**
 * Opens the database, upgrading by a cumulative `if (oldVersion < n)` ladder so any older
 * version reaches the current one (docs/architecture.md §4). `name` lets tests open a second
 * database; tests swap in fake-indexeddb through `globalThis.indexedDB`.
 */
export function openWxpDB(name = DB_NAME): Promise<IDBPDatabase<WxpDB>> {
  return openDB<WxpDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        const messages = db.createObjectStore('messages', { keyPath: 'mid' });
        messages.createIndex('createTime', 'createTime');
        messages.createIndex('unread', 'unread');
        messages.createIndex('name', 'name');
        const tombstones = db.createObjectStore('tombstones', { keyPath: 'mid' });
        tombstones.createIndex('deletedAt', 'deletedAt');
        db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
      }
    },
    blocking() {
      // A newer version wants to upgrade: let it, this page or worker reopens on next load.
    },
  });
}

export type WxpDatabase = IDBPDatabase<WxpDB>;
