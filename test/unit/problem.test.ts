import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ProblemError, isProblem, problemOf } from '../../lib/problem';
import { ApiError, createApi } from '../../lib/push/api';
import { pageError, problemText } from '../../lib/ui/problem-text';
import { useLocale } from './helpers';

beforeEach(() => useLocale('en'));

describe('problems: worker errors as data, put into words by the page', () => {
  it('words our own problems from the catalogue, in the page language', () => {
    expect(problemText({ key: 'errConnectionClosed', params: ['1006'] })).toBe(
      'The connection was closed (code 1006).',
    );
    expect(problemText({ key: 'errSilent', params: ['30'] })).toBe(
      'No word from the server for 30 s.',
    );
    useLocale('zh_CN');
    expect(problemText({ key: 'errConnectionClosed', params: ['1006'] })).toBe(
      '连接已断开（代码 1006）。',
    );
    expect(problemText({ key: 'errUnreachable' })).toBe('无法连接服务器。');
  });

  it("shows the server's words as sent, labelled as the server's", () => {
    expect(problemText({ server: '<b>pushToken</b> 无效' })).toBe(
      'Message from the server: <b>pushToken</b> 无效',
    );
    useLocale('zh_CN');
    expect(problemText({ server: 'token invalid' })).toBe('服务器消息：token invalid');
  });

  it('shows plain text (an older worker or cache) as it is', () => {
    expect(problemText('connection closed (1006)')).toBe('connection closed (1006)');
  });

  it('turns any error into a problem; unexpected ones are internal errors', () => {
    expect(problemOf(new ProblemError({ key: 'errNoConnection' }))).toEqual({
      key: 'errNoConnection',
    });
    expect(problemOf(new ApiError(1001, 'code used'))).toEqual({ server: 'code used' });
    expect(problemOf(new TypeError('x is undefined'))).toEqual({
      key: 'errInternal',
      params: ['x is undefined'],
    });
  });

  it('checks problems read back from storage or a cache', () => {
    expect(isProblem({ key: 'errSilent', params: ['30'] })).toBe(true);
    expect(isProblem({ server: 'text' })).toBe(true);
    expect(isProblem({ key: 'notAnError' })).toBe(false);
    expect(isProblem({ key: 'errSilent', params: [30] })).toBe(false);
    expect(isProblem({ server: 'x'.repeat(5000) })).toBe(false);
    expect(isProblem('errSilent')).toBe(false);
  });

  it("a worker call's error reaches the page in the page's words", () => {
    const error = pageError(new ProblemError({ key: 'errStoreFull' }));
    expect(error.message).toMatch(/^Storage is full/);
    expect(pageError(new Error('plain')).message).toBe('plain');
  });
});

describe('device API errors', () => {
  const api = (reply: () => Promise<Response>) =>
    createApi({
      baseUrl: () => 'https://s.test',
      fetch: vi.fn(reply) as unknown as typeof fetch,
      headers: () => ({ platform: 'Chrome-Other', version: '1', deviceToken: '' }),
    });
  const problemFrom = async (reply: () => Promise<Response>) =>
    api(reply)
      .createLoginCode()
      .then(
        () => null,
        (e: ApiError) => e.problem,
      );

  it('carries a code and parameters for transport failures, the server msg otherwise', async () => {
    expect(await problemFrom(() => Promise.reject(new TypeError('Failed to fetch')))).toEqual({
      key: 'errUnreachable',
    });
    const timeout = new DOMException('signal timed out', 'TimeoutError');
    expect(await problemFrom(() => Promise.reject(timeout))).toEqual({
      key: 'errServerTimeout',
      params: ['15'],
    });
    expect(await problemFrom(async () => new Response('', { status: 502 }))).toEqual({
      key: 'errHttpStatus',
      params: ['502'],
    });
    expect(await problemFrom(async () => new Response('<html>'))).toEqual({ key: 'errNotJson' });
    const refused = JSON.stringify({ code: 1001, msg: '二维码已过期' });
    expect(await problemFrom(async () => new Response(refused))).toEqual({
      server: '二维码已过期',
    });
    const bare = JSON.stringify({ code: 1005 });
    expect(await problemFrom(async () => new Response(bare))).toEqual({
      key: 'errServerCode',
      params: ['1005'],
    });
  });
});
