import type { IncomingMessage } from 'node:http';
import { ApiError, Code } from './envelope';

/** Largest request body accepted. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this the socket is dropped instead of drained, so nobody can stream forever. */
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

/** A request body after parsing. */
export interface ParsedBody {
  /** Parsed JSON, a form as a string map, or undefined when there was no body. */
  value: unknown;
  /** The request was an HTML form post (the confirm page answers those with HTML). */
  isForm: boolean;
}

/**
 * Reads the whole body. Oversized bodies are drained (not buffered) and then rejected with a
 * clear 1008, so the client still receives an answer; absurdly large ones get the socket closed.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) {
        reject(
          new ApiError(Code.DATA_ERROR, `request body too large (max ${MAX_BODY_BYTES} bytes)`),
        );
      } else resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
    // A destroyed request emits neither 'end' nor (always) 'error'; settle anyway.
    req.on('close', () => {
      if (!req.complete) reject(new ApiError(Code.DATA_ERROR, 'request body was not completed'));
    });
  });
}

/** Parses JSON (the default) or an urlencoded form; malformed JSON is a clear 1008. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  const text = raw.toString('utf8');
  // `curl -d '{…}'` labels JSON as a form; a body that starts like JSON is parsed as JSON.
  const looksJson = /^\s*[[{]/.test(text);
  if (type.startsWith('application/x-www-form-urlencoded') && !looksJson) {
    return { value: Object.fromEntries(new URLSearchParams(text)), isForm: true };
  }
  if (text.trim() === '') return { value: undefined, isForm: false };
  try {
    return { value: JSON.parse(text) as unknown, isForm: false };
  } catch (err) {
    throw new ApiError(
      Code.DATA_ERROR,
      `malformed JSON body: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
