/**
 * The database's name and schema version, apart from db.ts so a page's early script
 * (entrypoints/message-early.ts) can open it without loading idb.
 */
export const DB_NAME = 'wxpusher';
export const DB_VERSION = 3;
