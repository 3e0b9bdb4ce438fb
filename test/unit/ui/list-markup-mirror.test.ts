import { describe, expect, it } from 'vitest';
import {
  keptHtml,
  mirrorListMarkup,
  type ListMarkupNote,
} from '../../../lib/ui/list-markup-mirror';
import { POPUP_CACHE_KEY } from '../../../lib/ui/popup-cache-key';
import { memoryStorage } from './helpers';

const entry = (html?: string) =>
  JSON.stringify({ status: {}, rows: [], ...(html === undefined ? {} : { markup: { html } }) });

describe('the list markup told to the worker', () => {
  it('tells every change of the kept markup, once, and its removal', () => {
    const storage = memoryStorage();
    const notes: ListMarkupNote[] = [];
    const mirrored = mirrorListMarkup(storage, (note) => notes.push(note));
    mirrored.setItem(POPUP_CACHE_KEY, entry('<p>a</p>'));
    // The rows and status rewritten around the same markup: nothing new to tell.
    mirrored.setItem(POPUP_CACHE_KEY, entry('<p>a</p>'));
    mirrored.setItem(POPUP_CACHE_KEY, entry('<p>b</p>'));
    mirrored.setItem(POPUP_CACHE_KEY, entry());
    mirrored.setItem(POPUP_CACHE_KEY, entry('<p>b</p>'));
    mirrored.removeItem(POPUP_CACHE_KEY);
    mirrored.setItem('wxp-other', entry('<p>c</p>'));
    mirrored.removeItem('wxp-other');
    expect(notes).toEqual([
      { html: '<p>a</p>' },
      { html: '<p>b</p>' },
      { html: null },
      { html: '<p>b</p>' },
      { html: null },
    ]);
    // Written through to the page's storage, as it is.
    expect(storage.items.get(POPUP_CACHE_KEY)).toBeUndefined();
    expect(mirrored.getItem('wxp-other')).toBeNull();
  });

  it('tells nothing of a write that failed, and a failing channel fails no write', () => {
    const full = memoryStorage();
    full.full = true;
    const notes: ListMarkupNote[] = [];
    expect(() =>
      mirrorListMarkup(full, (note) => notes.push(note)).setItem(POPUP_CACHE_KEY, entry('<p/>')),
    ).toThrow('full');
    expect(notes).toEqual([]);

    const storage = memoryStorage();
    const mirrored = mirrorListMarkup(storage, () => {
      throw new Error('no channel');
    });
    mirrored.setItem(POPUP_CACHE_KEY, entry('<p>a</p>'));
    expect(keptHtml(storage.items.get(POPUP_CACHE_KEY) ?? null)).toBe('<p>a</p>');
  });

  it('reads the kept html of an entry, or null for none or a damaged one', () => {
    expect(keptHtml(entry('<p>x</p>'))).toBe('<p>x</p>');
    for (const raw of [null, '', '{not json', 'null', entry(), '{"markup":{"html":5}}']) {
      expect(keptHtml(raw)).toBeNull();
    }
  });
});
