import { afterEach, describe, expect, it } from 'vitest';
import { compareVersions } from '../../server/version';
import { WsClient, startServer, type TestServer } from './helpers';

describe('upgrade notice (204)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
  });

  it('is sent after 202 to a client older than the offered version, not to a current one', async () => {
    const offer = {
      title: 'New',
      content: 'Better',
      version: '2.0.0',
      must: false,
      url: 'https://u',
    };
    server = await startServer({ versionUpdate: offer });
    const old = await WsClient.open(server);
    expect(await old.client.next((f) => f.msgType === 204)).toMatchObject({
      msgType: 204,
      ...offer,
    });
    await old.client.close();

    const current = await WsClient.open(server, undefined, '2.0.0');
    await expect(current.client.next((f) => f.msgType === 204, 300)).rejects.toThrow();
    await current.client.close();
  });

  it.each([
    ['1.0.0', '2.0.0', -1],
    ['1.10.0', '1.9.2', 1],
    ['1.0', '1.0.0', 0],
    ['garbled', '0.0.1', -1],
  ])('compareVersions(%s, %s) = %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
  });
});
