import type { ListItem } from './api';
import type { ContentType, IncomingMessage } from '../message';

const str = (v: unknown, max: number) => (typeof v === 'string' ? v.slice(0, max) : '');
const httpUrl = (v: unknown) => {
  const s = str(v, 2000);
  return /^https?:\/\//i.test(s) ? s : '';
};
const contentType = (v: unknown): ContentType => (v === 2 || v === 3 ? v : 1);

/**
 * Maps a list-v2 item to an incoming message, or null when it has no usable id. The real
 * service may leave out title, content and contentType: they default to empty and text.
 */
export function fromListItem(item: ListItem, now: number): IncomingMessage | null {
  const mid = Number(item?.messageId);
  if (!Number.isSafeInteger(mid) || mid <= 0) return null;
  const createTime = Number(item.createTime);
  return {
    mid,
    qid: str(item.qid, 200),
    title: str(item.title, 1000),
    name: str(item.name, 200),
    summary: str(item.summary, 1000),
    content: str(item.content, 100_000),
    contentType: contentType(item.contentType),
    url: httpUrl(item.url),
    sourceUrl: httpUrl(item.sourceUrl),
    createTime: Number.isFinite(createTime) && createTime > 0 ? createTime : now,
    read: item.read === true,
  };
}
