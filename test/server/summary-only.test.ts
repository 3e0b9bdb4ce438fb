import { afterEach, describe, expect, it } from 'vitest';
import { parseServerArgs } from '../../server/cli/server-options';
import { bindDevice, isMessage, sendToDefault, startServer, type TestServer } from './helpers';

describe('summary-only frames (docs/protocol.md §7)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
  });

  it('pushes 20001 without content; the detail page and list-v2 still have it', async () => {
    server = await startServer({ summaryOnlyFrames: true });
    const device = await bindDevice(server);
    const sent = await sendToDefault(server, '**full** text', {
      contentType: 3,
      summary: 'Short summary',
    });
    const mid = sent.data[0]!.messageId;

    const frame = await device.client.next(isMessage);
    expect(frame).toMatchObject({ msgType: 20001, mid, summary: 'Short summary', contentType: 3 });
    expect(frame).not.toHaveProperty('content');
    expect(String(frame.url)).toBe(`${server.url}/api/message/${String(frame.qid)}`);

    const page = await fetch(String(frame.url));
    expect(await page.text()).toContain('<strong>full</strong>');
    const list = await server.call<{ messageId: number; content?: string }[]>(
      'GET',
      '/api/need-login/device/message/list-v2?messageId=9007199254740991&key=&scene=1',
      undefined,
      device.headers,
    );
    expect(list.data.find((m) => m.messageId === mid)?.content).toBe('**full** text');
    await device.client.close();
  });

  it('is off by default, and `--summary-only` turns it on', async () => {
    server = await startServer();
    const device = await bindDevice(server);
    await sendToDefault(server, 'with content');
    expect(await device.client.next(isMessage)).toMatchObject({ content: 'with content' });
    await device.client.close();

    expect(parseServerArgs([]).summaryOnly).toBe(false);
    expect(parseServerArgs(['--summary-only']).summaryOnly).toBe(true);
  });
});
