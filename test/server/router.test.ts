import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ok } from '../../server/http/envelope';
import { createRequestPolicy } from '../../server/http/request-policy';
import { DEFAULT_LIMITS, buildHttp } from '../../server/http/server';
import { callApi } from './helpers';

describe('router error handling', () => {
  let http: FastifyInstance;
  let base: string;
  beforeEach(async () => {
    http = await buildHttp({
      routes: [
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
      policy: createRequestPolicy({ host: '127.0.0.1' }),
      listenUrl: () => base,
      limits: DEFAULT_LIMITS,
    });
    await http.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await http.close();
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
