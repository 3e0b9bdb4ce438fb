import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ok } from '../../server/http/envelope';
import { createRouter } from '../../server/http/router';
import { callApi } from './helpers';

describe('router error handling', () => {
  let http: Server;
  let base: string;
  beforeEach(async () => {
    const router = createRouter(
      [
        {
          method: 'GET',
          path: '/api/boom',
          handler: () => {
            throw new Error('kaboom');
          },
        },
        {
          method: 'GET',
          path: '/page/boom',
          page: true,
          handler: () => Promise.reject(new Error('x')),
        },
        {
          method: 'GET',
          path: '/api/refuse',
          handler: () => {
            throw new ApiError(1001, 'refused', { why: 1 });
          },
        },
        { method: 'GET', path: '/api/items/:id/*rest', handler: (ctx) => ok(ctx.params) },
      ],
      { listenUrl: () => base },
    );
    http = createServer(router);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await new Promise((r) => http.close(r));
  });

  it('turns a thrown error into a 1005 envelope and keeps serving', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});

    const res = await callApi(base, 'GET', '/api/boom');

    expect(res).toEqual({
      code: 1005,
      msg: 'internal server error (logged on the server)',
      data: null,
      success: false,
    });
    expect(log).toHaveBeenCalled();
    expect((await fetch(`${base}/page/boom`)).status).toBe(500);
    expect((await callApi(base, 'GET', '/api/refuse')).data).toEqual({ why: 1 });
  });

  it('decodes path parameters and lets *rest span segments', async () => {
    const res = await callApi(base, 'GET', '/api/items/a%20b/c/d%2Fe');
    expect(res.data).toEqual({ id: 'a b', rest: 'c/d/e' });
  });
});
