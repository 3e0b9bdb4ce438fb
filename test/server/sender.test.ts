import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindDevice, isMessage, startServer, type TestServer } from './helpers';

interface Entry {
  uid: string | null;
  topicId: number | null;
  messageId: number | null;
  messageContentId: number;
  sendRecordId: number;
  code: number;
  status: string;
}

describe('sender API (docs/protocol.md §6)', () => {
  let server: TestServer;
  let appToken: string;
  let uid: string;
  let spt: string;
  beforeEach(async () => {
    server = await startServer({ dailyLimitPerUid: 5 });
    ({ appToken, uid, spt } = server.credentials);
  });
  afterEach(async () => {
    await server.dispose();
  });

  const send = (body: Record<string, unknown>) =>
    server.call<Entry[]>('POST', '/api/send/message', { appToken, content: 'hi', ...body });

  it('sends to uids and topics, one entry each', async () => {
    const res = await send({ uids: [uid], topicIds: [server.credentials.topicId], summary: 'S' });

    expect(res.code).toBe(1000);
    expect(res.data).toHaveLength(2);
    expect(res.data[0]).toMatchObject({ uid, topicId: null, code: 1000 });
    expect(res.data[0]?.messageId).toEqual(expect.any(Number));
    expect(res.data[1]).toMatchObject({
      uid: null,
      topicId: server.credentials.topicId,
      code: 1000,
    });
    expect(res.data[0]?.messageContentId).toBe(res.data[1]?.messageContentId);
  });

  it('delivers topic sends to subscribers, once per user per call', async () => {
    const device = await bindDevice(server);

    await send({ uids: [uid], topicIds: [server.credentials.topicId], content: 'once' });

    const first = await device.client.next(isMessage);
    expect(first.content).toBe('once');
    await expect(device.client.next(isMessage, 300)).rejects.toThrow();
    await device.client.close();
  });

  it('names topic messages after the topic', async () => {
    const device = await bindDevice(server);
    await send({ topicIds: [server.credentials.topicId] });
    expect((await device.client.next(isMessage)).name).toBe('Default topic');
    await device.client.close();
  });

  it('takes the default summary from the text of HTML and markdown', async () => {
    const device = await bindDevice(server);

    await send({
      uids: [uid],
      contentType: 2,
      content: '<h1>Title</h1><p>Body &amp; <b>more</b></p><script>x()</script>',
    });
    await send({ uids: [uid], contentType: 3, content: '# Heading\n\n**bold** text' });

    expect((await device.client.next(isMessage)).summary).toBe('Title Body & more');
    expect((await device.client.next(isMessage)).summary).toBe('Heading bold text');
    await device.client.close();
  });

  it('supports the GET form (text only)', async () => {
    const q = new URLSearchParams({ appToken, content: '<b>x</b>', uid, contentType: '2' });
    const res = await server.call<Entry[]>('GET', `/api/send/message/?${q}`);
    expect(res.code).toBe(1000);
    const status = await server.call<{ uid: string; code: number }>(
      'GET',
      `/api/send/query/status?sendRecordId=${res.data[0]?.sendRecordId}&appToken=${appToken}`,
    );
    expect(status.data).toMatchObject({ uid, code: 1000, recipients: 1 });
  });

  it('supports simple push by spt, sptList and the path form', async () => {
    const device = await bindDevice(server);

    const one = await server.call<Entry[]>('POST', '/api/send/message/simple-push', {
      content: 'a',
      spt,
    });
    const list = await server.call<Entry[]>('POST', '/api/send/message/simple-push', {
      content: 'b',
      sptList: [spt, 'SPT_unknown'],
    });
    const path = await server.call<Entry[]>(
      'GET',
      `/api/send/message/${spt}/${encodeURIComponent('c/d e')}`,
    );

    expect(one.code).toBe(1000);
    expect(list.code).toBe(1000);
    expect(list.data.map((e) => e.code)).toEqual([1000, 1001]);
    expect(path.code).toBe(1000);
    const contents = [
      await device.client.next(isMessage),
      await device.client.next(isMessage),
      await device.client.next(isMessage),
    ];
    expect(contents.map((f) => f.content)).toEqual(['a', 'b', 'c/d e']);
    expect(contents[0]?.name).toBe('Simple push');
    await device.client.close();
  });

  it('refuses unknown app tokens, SPTs and uids with a clear non-1000 code', async () => {
    const badToken = await server.call('POST', '/api/send/message', {
      appToken: 'AT_nope',
      content: 'x',
      uids: [uid],
    });
    expect(badToken.code).toBe(1001);
    expect(badToken.msg).toMatch(/appToken/);
    const badSpt = await server.call('GET', '/api/send/message/SPT_nope/hello');
    expect(badSpt.code).toBe(1001);
    expect(badSpt.msg).toMatch(/spt/i);
    const badUid = await send({ uids: ['UID_nope'] });
    expect(badUid.code).toBe(1001);
    expect(badUid.msg).toMatch(/uid does not exist/);
    const badTopic = await send({ topicIds: [999999] });
    expect(badTopic.code).toBe(1001);
    const nobody = await send({});
    expect(nobody.code).toBe(1008);
    const noContent = await server.call('POST', '/api/send/message', { appToken, uids: [uid] });
    expect(noContent.code).toBe(1008);
  });

  it('enforces every input limit with a clear message', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ uids: [uid], content: 'x'.repeat(40_000) }, /content is too long/],
      [{ uids: [uid], summary: 's'.repeat(101) }, /summary is too long/],
      [{ uids: [uid], url: `https://e.com/${'u'.repeat(1000)}` }, /url is too long/],
      [{ uids: [uid], url: 'javascript:alert(1)' }, /http/],
      [{ uids: Array.from({ length: 2001 }, (_, i) => `UID_${i}`) }, /too many uids/],
      [{ topicIds: [1, 2, 3, 4, 5, 6] }, /too many topicIds/],
      [{ uids: [uid], contentType: 9 }, /contentType/],
      [{ uids: 'not-an-array' }, /uids must be an array/],
    ];
    for (const [body, msg] of cases) {
      const res = await send(body);
      expect(res.code, JSON.stringify(body).slice(0, 60)).toBe(1008);
      expect(res.msg).toMatch(msg);
    }
    const spts = Array.from({ length: 11 }, () => spt);
    const tooMany = await server.call('POST', '/api/send/message/simple-push', {
      content: 'x',
      sptList: spts,
    });
    expect(tooMany.code).toBe(1008);
    expect(tooMany.msg).toMatch(/at most 10/);
    const atLimit = await send({
      uids: [uid],
      content: 'x'.repeat(39_999),
      summary: 's'.repeat(100),
    });
    expect(atLimit.code).toBe(1000);
  });

  it('enforces the daily limit per uid', async () => {
    for (let i = 0; i < 5; i++) expect((await send({ uids: [uid] })).code).toBe(1000);

    const over = await send({ uids: [uid] });

    expect(over.code).toBe(1001);
    expect(over.msg).toMatch(/daily limit/);
    await server.call('POST', '/__test/clock', { offsetMs: 24 * 3_600_000 });
    expect((await send({ uids: [uid] })).code).toBe(1000);
  });

  it('withdraws a message by messageContentId', async () => {
    const sent = await send({ uids: [uid] });
    const contentId = sent.data[0]?.messageContentId;
    const device = await bindDevice(server);
    const listed = await server.call<unknown[]>(
      'GET',
      '/api/need-login/device/message/list-v2',
      undefined,
      device.headers,
    );
    expect(listed.data).toHaveLength(1);

    const del = await server.call(
      'DELETE',
      `/api/send/message?messageContentId=${contentId}&appToken=${appToken}`,
    );

    expect(del).toMatchObject({ code: 1000, data: true });
    const after = await server.call<unknown[]>(
      'GET',
      '/api/need-login/device/message/list-v2',
      undefined,
      device.headers,
    );
    expect(after.data).toHaveLength(0);
    const again = await server.call(
      'DELETE',
      `/api/send/message?messageContentId=${contentId}&appToken=${appToken}`,
    );
    expect(again.code).toBe(1001);
    const status = await server.call(
      'GET',
      `/api/send/query/status?sendRecordId=${sent.data[0]?.sendRecordId}`,
    );
    expect(status.code).toBe(1000);
    expect((await server.call('GET', '/api/send/query/status?sendRecordId=424242')).code).toBe(
      1001,
    );
    await device.client.close();
  });

  it('sends nothing to a user the app blocked', async () => {
    const device = await bindDevice(server);
    const subs = await server.call<{ records: { id: number; type: number }[] }>(
      'GET',
      `/api/fun/wxuser/v2?appToken=${appToken}&type=0`,
    );
    const id = subs.data.records[0]?.id;
    expect(
      (await server.call('PUT', `/api/fun/reject?appToken=${appToken}&id=${id}&reject=true`)).code,
    ).toBe(1000);

    const direct = await send({ uids: [uid] });
    const topic = await send({ topicIds: [server.credentials.topicId] });

    expect(direct.code).toBe(1001);
    expect(direct.msg).toMatch(/blocked/);
    expect(topic.data[0]?.status).toBe('sent to 0 subscriber(s)');
    await expect(device.client.next(isMessage, 300)).rejects.toThrow();
    await device.client.close();
  });
});

describe('sender rate limit', () => {
  it('allows 20 calls in 10 s per app token, then refuses until the window moves', async () => {
    let now = 1_700_000_000_000;
    const server = await startServer({ rateLimit: true, now: () => now });
    const body = {
      appToken: server.credentials.appToken,
      content: 'r',
      uids: [server.credentials.uid],
    };
    try {
      for (let i = 0; i < 20; i++)
        expect((await server.call('POST', '/api/send/message', body)).code).toBe(1000);

      const refused = await server.call('POST', '/api/send/message', body);

      expect(refused.code).toBe(1001);
      expect(refused.msg).toMatch(/rate limit/);
      now += 10_001;
      expect((await server.call('POST', '/api/send/message', body)).code).toBe(1000);
    } finally {
      await server.dispose();
    }
  });
});
