import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  createSettingsRepo,
  isQuietTime,
  normalizeSettings,
} from '../../../lib/storage/settings';

describe('normalizeSettings', () => {
  it.each([
    ['nothing stored', undefined, DEFAULT_SETTINGS],
    ['garbage', 'x', DEFAULT_SETTINGS],
    ['wrong types', { sound: 'yes', retentionDays: 'many', mutedApps: 'a' }, DEFAULT_SETTINGS],
    ['retention too long', { retentionDays: 31 }, DEFAULT_SETTINGS],
    ['retention not whole', { retentionDays: 2.5 }, DEFAULT_SETTINGS],
  ])('falls back to defaults for %s', (_name, raw, expected) => {
    expect(normalizeSettings(raw)).toEqual(expected);
  });

  it('keeps valid values and cleans muted apps', () => {
    const s = normalizeSettings({
      serverUrl: ' http://127.0.0.1:7700 ',
      sound: false,
      retentionDays: 30,
      mutedApps: ['a', 'a', '', 3, 'b'],
      quietHours: { enabled: true, start: '23:30', end: '25:00' },
    });
    expect(s.serverUrl).toBe('http://127.0.0.1:7700');
    expect(s.sound).toBe(false);
    expect(s.retentionDays).toBe(30);
    expect(s.mutedApps).toEqual(['a', 'b']);
    expect(s.quietHours).toEqual({ enabled: true, start: '23:30', end: '07:00' });
  });
});

describe('isQuietTime', () => {
  const at = (h: number, m = 0) => new Date(2026, 0, 1, h, m);
  it.each([
    [{ enabled: false, start: '22:00', end: '07:00' }, at(23), false],
    [{ enabled: true, start: '22:00', end: '07:00' }, at(23), true],
    [{ enabled: true, start: '22:00', end: '07:00' }, at(6, 59), true],
    [{ enabled: true, start: '22:00', end: '07:00' }, at(7), false],
    [{ enabled: true, start: '22:00', end: '07:00' }, at(12), false],
    [{ enabled: true, start: '09:00', end: '17:00' }, at(9), true],
    [{ enabled: true, start: '09:00', end: '17:00' }, at(17), false],
    [{ enabled: true, start: '08:00', end: '08:00' }, at(3), true],
  ])('%o at %s → %s', (quiet, date, expected) => {
    expect(isQuietTime(quiet, date)).toBe(expected);
  });
});

describe('settings repo', () => {
  it('merges, validates and persists an update, and resets to defaults', async () => {
    fakeBrowser.reset();
    const repo = createSettingsRepo(fakeBrowser.storage.local as never);
    const updated = await repo.update({ sound: false, retentionDays: 99 });
    expect(updated.sound).toBe(false);
    expect(updated.retentionDays).toBe(7);
    expect((await repo.load()).sound).toBe(false);
    expect(await repo.reset()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('the server address in settings', () => {
  it.each([
    ['not text', 42],
    ['not a URL', 'nope'],
    ['http to another computer', 'http://192.168.1.5:7700'],
    ['a query', 'https://x.example/?a=1'],
  ])('reads %s stored by mistake as the default', (_name, serverUrl) => {
    expect(normalizeSettings({ serverUrl, sound: false })).toMatchObject({
      serverUrl: '',
      sound: false,
    });
  });

  it('refuses an unusable address on update, with the reason, and saves nothing', async () => {
    const repo = createSettingsRepo(fakeBrowser.storage.local);
    await repo.update({ serverUrl: 'https://push.example.com', sound: false });

    await expect(repo.update({ serverUrl: 'http://192.168.1.5:7700' })).rejects.toThrow(
      /must use https:\/\//,
    );
    await expect(repo.update({ serverUrl: 7 as unknown as string })).rejects.toThrow(/text/);
    // Pages put the refusal into words from the problem it carries (docs/architecture.md §7).
    await expect(repo.update({ serverUrl: 'http://10.0.0.9' })).rejects.toMatchObject({
      problem: { key: 'errBadAddress', params: [expect.stringMatching(/https:\/\//)] },
    });
    expect(await repo.load()).toMatchObject({
      serverUrl: 'https://push.example.com',
      sound: false,
    });
    expect((await repo.update({ serverUrl: '' })).serverUrl).toBe('');
  });
});
