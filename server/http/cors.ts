import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import { isExtensionOrigin } from './request-policy';

/** Headers the official clients send (docs/protocol.md §1) plus Content-Type. */
const ALLOWED_HEADERS = ['platform', 'version', 'deviceToken', 'Content-Type'];
const ALLOWED_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];

/**
 * CORS for the extension only (`chrome-extension://…`, `moz-extension://…`): it is the one
 * browser client, and a web page must not read the device API's answers. No CORS header is
 * sent where no `Origin` is (programs need none); other origins are refused before this runs
 * (guard.ts).
 */
export async function registerCors(app: FastifyInstance): Promise<void> {
  await app.register(cors, {
    origin: (origin, callback) => callback(null, !!origin && isExtensionOrigin(origin)),
    methods: ALLOWED_METHODS,
    allowedHeaders: ALLOWED_HEADERS,
    maxAge: 600,
    strictPreflight: false,
  });
}
