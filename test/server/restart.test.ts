import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindDevice, isMessage, sendToDefault, startServer, WsClient } from './helpers';

describe('restart with the same data file', () => {
  it('keeps the app, user, topic, messages and bindings', async () => {
    // Arrange: a first run with a bound device, one message, then a stop.
    const first = await startServer();
    const device = await bindDevice(first);
    await sendToDefault(first, 'before restart');
    await device.client.next(isMessage);
    await device.client.close();
    const credentials = first.credentials;
    await first.close();

    // Act
    const second = await startServer({ dir: first.dir });

    try {
      // Assert
      expect(second.credentials).toEqual(credentials);
      const list = await second.call<{ content: string }[]>(
        'GET',
        '/api/need-login/device/message/list-v2',
        undefined,
        device.headers,
      );
      expect(list.code).toBe(1000);
      expect(list.data.map((m) => m.content)).toEqual(['before restart']);
      const back = await WsClient.open(second, device.pushToken);
      expect(back.pushToken).toBe(device.pushToken);
      await sendToDefault(second, 'after restart');
      expect((await back.client.next(isMessage)).content).toBe('after restart');
      await back.client.close();
    } finally {
      await second.close();
      rmSync(first.dir, { recursive: true, force: true });
    }
  });
});
