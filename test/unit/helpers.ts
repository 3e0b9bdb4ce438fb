import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setMessageSource } from '../../lib/i18n';
import type { IncomingMessage, StoredMessage } from '../../lib/message';

const LOCALES = path.resolve(import.meta.dirname, '../../public/_locales');

type Catalogue = Record<
  string,
  { message: string; placeholders?: Record<string, { content: string }> }
>;

/** Reads a `_locales` catalogue the way Chrome resolves it: placeholders, then `$1`… */
export function loadCatalogue(locale: string): Catalogue {
  return JSON.parse(readFileSync(path.join(LOCALES, locale, 'messages.json'), 'utf8')) as Catalogue;
}

/** Makes `t()` answer from a real catalogue (WXT's fake browser has no i18n). */
export function useLocale(locale = 'en'): void {
  const catalogue = loadCatalogue(locale);
  setMessageSource({
    language: locale.replace('_', '-'),
    getMessage(key, subs = []) {
      const entry = catalogue[key];
      if (!entry) return '';
      return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
        const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
        return content.replace(/\$(\d)/g, (_m, i: string) => subs[Number(i) - 1] ?? '');
      });
    },
  });
}

/** A stored message with defaults, for tests. */
export function message(over: Partial<StoredMessage> = {}): StoredMessage {
  return {
    account: 1,
    mid: 1,
    qid: 'q1',
    title: '',
    name: '',
    summary: '',
    content: '',
    contentType: 1,
    url: '',
    sourceUrl: '',
    createTime: 1_700_000_000_000,
    receivedAt: 1_700_000_000_000,
    unread: 1,
    searchText: '',
    ...over,
  };
}

/** An incoming message with defaults, for tests. */
export function incoming(mid: number, over: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    mid,
    qid: `q${mid}`,
    title: `Title ${mid}`,
    name: 'App',
    summary: `Summary ${mid}`,
    content: `Content ${mid}`,
    contentType: 1,
    url: '',
    sourceUrl: '',
    createTime: 1_700_000_000_000 + mid,
    ...over,
  };
}

/** A hand-run clock: timers fire only when the test moves time, in time order. */
export function createFakeClock(start = 1_700_000_000_000) {
  let now = start;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  /** Takes the earliest timer due by `end`, moving time to it. */
  function takeDue(end: number): (() => void) | undefined {
    let due: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of timers) if (entry[1].at <= end && (!due || entry[1].at < due[1].at)) due = entry; // prettier-ignore
    if (!due) return undefined;
    timers.delete(due[0]);
    now = due[1].at;
    return due[1].fn;
  }
  return {
    now: () => now,
    setTimeout(fn: () => void, ms: number): unknown {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle: unknown) {
      timers.delete(handle as number);
    },
    pending: () => timers.size,
    /** Moves time forward synchronously, firing due timers. */
    tick(ms: number) {
      const end = now + ms;
      for (let fn = takeDue(end); fn; fn = takeDue(end)) fn();
      now = end;
    },
    /** Moves time forward, letting promises settle after each timer (for async code). */
    async advance(ms: number) {
      const end = now + ms;
      for (let fn = takeDue(end); fn; fn = takeDue(end)) {
        fn();
        await Promise.resolve();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
    },
  };
}
