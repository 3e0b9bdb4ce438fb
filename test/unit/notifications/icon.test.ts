import { describe, expect, it } from 'vitest';
import { createNotificationIcon } from '../../../lib/notifications/icon';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0x00]);

describe('notification icon', () => {
  it('names the file until it is read, then carries it as a data: URL', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const asked: string[] = [];
    const icon = createNotificationIcon('chrome-extension://x/icon/128.png', async (url) => {
      asked.push(url);
      await gate;
      return PNG.buffer;
    });
    expect(icon.url()).toBe('chrome-extension://x/icon/128.png');
    release();
    await icon.ready;
    expect(asked).toEqual(['chrome-extension://x/icon/128.png']);
    expect(icon.url()).toBe(`data:image/png;base64,${Buffer.from(PNG).toString('base64')}`);
  });

  it('keeps the file URL when the file cannot be read or is empty', async () => {
    const failed = createNotificationIcon('icon.png', () => Promise.reject(new Error('404')));
    await failed.ready;
    expect(failed.url()).toBe('icon.png');
    const empty = createNotificationIcon('icon.png', async () => new ArrayBuffer(0));
    await empty.ready;
    expect(empty.url()).toBe('icon.png');
  });
});
