import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listKeyAction, type KeyInfo } from '../../../lib/ui/list-keys';
import { toListRow } from '../../../lib/ui/list-row';
import { formatCountdown, formatRelative, secondsLeft } from '../../../lib/ui/time-format';
import { message } from '../helpers';
import { loadCatalogue } from './helpers';

const NOW = Date.UTC(2024, 4, 10, 12, 0, 0);
const MIN = 60_000;

describe('relative time', () => {
  it.each([
    [10_000, 'en', 'just now'],
    [MIN, 'en', '1 min. ago'],
    [59 * MIN, 'en', '59 min. ago'],
    [3 * 60 * MIN, 'en', '3 hr. ago'],
    [24 * 60 * MIN, 'en', 'yesterday'],
    [3 * 24 * 60 * MIN, 'en', '3 days ago'],
    [5 * MIN, 'zh-CN', '5分钟前'],
    [2 * 24 * 60 * MIN, 'zh-CN', '前天'],
  ])('%i ms ago in %s reads %j', (ago, locale, expected) => {
    expect(formatRelative(NOW - ago, NOW, locale, 'just now')).toBe(expected);
  });

  it('counts calendar days, as the day headings do', () => {
    const tonight = new Date(2024, 4, 10, 23, 0).getTime();
    const yesterdayMorning = new Date(2024, 4, 9, 9, 30).getTime();
    const twoDaysLate = new Date(2024, 4, 8, 23, 30).getTime();
    expect(formatRelative(yesterdayMorning, tonight, 'en', 'just now')).toBe('yesterday');
    expect(formatRelative(yesterdayMorning, tonight, 'zh-CN', 'just now')).toBe('昨天');
    expect(formatRelative(twoDaysLate, tonight, 'en', 'just now')).toBe('2 days ago');
  });

  it('shows a date past a week', () => {
    expect(formatRelative(NOW - 20 * 24 * 60 * MIN, NOW, 'en', 'just now')).toBe('Apr 20');
  });
});

describe('countdown', () => {
  it.each([
    [NOW + 300_000, '5:00'],
    [NOW + 65_500, '1:06'],
    [NOW + 1, '0:01'],
    [NOW - 5_000, '0:00'],
  ])('until %i shows %s', (until, shown) => {
    expect(formatCountdown(secondsLeft(until, NOW))).toBe(shown);
  });
});

describe('list keys', () => {
  const k = (key: string, target: KeyInfo['target'], extra: Partial<KeyInfo> = {}) =>
    listKeyAction({ key, target, ...extra });
  it.each([
    ['ArrowDown', 'row', 'next'],
    ['j', 'row', 'next'],
    ['ArrowUp', 'other', 'prev'],
    ['k', 'row', 'prev'],
    ['Enter', 'row', 'open'],
    ['Enter', 'button', null],
    ['Delete', 'row', 'delete'],
    ['Delete', 'button', null],
    ['/', 'row', 'focusSearch'],
    ['/', 'search', null],
    ['j', 'search', null],
    ['ArrowDown', 'search', 'next'],
    ['Enter', 'search', 'open'],
    ['Escape', 'search', 'clear'],
    ['Escape', 'row', 'clear'],
    ['j', 'field', null],
  ] as const)('%s on %s → %s', (key, target, action) => {
    expect(k(key, target)).toBe(action);
  });
  it('leaves shortcuts with modifiers to the browser', () => {
    expect(k('j', 'row', { ctrlKey: true })).toBeNull();
  });
});

describe('list row', () => {
  it('uses the title, else the summary, else the content as text', () => {
    expect(toListRow(message({ title: 'T', summary: 'S' })).line).toBe('T');
    expect(toListRow(message({ summary: 'S', content: 'C' })).line).toBe('S');
    expect(toListRow(message({ content: '<p>Hi <b>you</b></p>', contentType: 2 })).line).toBe(
      'Hi you',
    );
    expect(toListRow(message({ title: 'x'.repeat(200) })).line).toHaveLength(90);
  });
});

describe('locales', () => {
  const en = loadCatalogue('en');
  const zh = loadCatalogue('zh_CN');
  const ROOT = path.resolve(import.meta.dirname, '../../..');

  function sources(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) return sources(full);
      return /\.tsx?$/.test(name) ? [full] : [];
    });
  }

  it('has every English string in Chinese, with the same placeholders', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, entry] of Object.entries(en)) {
      const names = (m: string) => (m.match(/\$[A-Z]+\$/g) ?? []).sort();
      expect(names(zh[key]!.message), key).toEqual(names(entry.message));
    }
  });

  it('has every key the pages use', () => {
    const dirs = [
      'components',
      'entrypoints/popup',
      'entrypoints/message',
      'entrypoints/options',
      'lib/ui',
    ];
    const used = new Set<string>();
    for (const file of dirs.flatMap((d) => sources(path.join(ROOT, d)))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\('([A-Za-z0-9_]+)'/g))
        used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const key of used) expect(zh[key], key).toBeDefined();
  });

  it('has every problem the worker and the pages name, with as many parameters', () => {
    const named = new Map<string, number>();
    for (const file of sources(path.join(ROOT, 'lib'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/key: '(err[A-Za-z]+)',?\s*(?:params: \[([^\]]*)\])?/g))
        named.set(m[1]!, m[2] ? m[2].split(',').length : 0);
    }
    // Chosen by a condition in worker/problems.ts, each with the browser's detail.
    named.set('errSound', 1).set('errNotification', 1);
    expect(named.size).toBeGreaterThan(12);
    for (const [key, params] of named) {
      for (const catalogue of [en, zh]) {
        expect(catalogue[key], key).toBeDefined();
        expect(Object.keys(catalogue[key]!.placeholders ?? {}), key).toHaveLength(params);
      }
    }
  });

  it('keeps the strings the worker asks for', () => {
    expect(en.notifSummaryMessage!.message).toContain('{count}');
    expect(zh.notifSummaryMessage!.message).toBe('{count} 条新消息');
    for (const key of [
      'notifOpenLink',
      'notifMarkRead',
      'notifSummaryTitle',
      'errNoConnection',
      'errServerClosed',
      'errNotification',
    ]) {
      expect(zh[key], key).toBeDefined();
    }
  });
});
