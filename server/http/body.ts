import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import { ApiError, Code } from './envelope';

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Form bodies, so handlers can tell an HTML form post from JSON (the confirm page). */
const forms = new WeakSet<object>();

/** True when `body` came from an urlencoded form (not JSON labelled as one). */
export const isFormBody = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && forms.has(body);

/** Parsed JSON, undefined for an empty body, or a clear 1008. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(
      Code.DATA_ERROR,
      `malformed JSON body: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

// `curl -d '{…}'` labels JSON as a form; a body that starts like JSON is parsed as JSON.
const looksJson = (text: string) => /^\s*[[{]/.test(text);

function parseForm(text: string): unknown {
  if (looksJson(text)) return parseJson(text);
  // The last value of a repeated key wins, as query strings are read (validate.ts).
  const form = Object.fromEntries(new URLSearchParams(text));
  forms.add(form);
  return form;
}

/**
 * Body parsing (docs/protocol.md §7, HTTP details): JSON (the default for any type but a form),
 * urlencoded forms through `@fastify/formbody`, at most MAX_BODY_BYTES (Fastify answers more
 * with FST_ERR_CTP_BODY_TOO_LARGE, turned into a 1008 by errors.ts).
 */
export async function registerBodyParsers(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  await app.register(formbody, {
    bodyLimit: MAX_BODY_BYTES,
    // A JSON-looking body may be an array; asFields (validate.ts) refuses it with a 1008.
    parser: (text) => parseForm(text) as Record<string, unknown>,
  });
  // Programs label JSON loosely (text/plain, none at all): anything but a form is read as JSON.
  for (const type of ['application/json', '*']) {
    app.addContentTypeParser(
      type,
      { parseAs: 'string', bodyLimit: MAX_BODY_BYTES },
      (_request, body, done) => {
        try {
          done(null, parseJson(body as string));
        } catch (err) {
          done(err as Error, undefined);
        }
      },
    );
  }
}
