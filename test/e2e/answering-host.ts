import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Evaluator } from './worker-inspect';

/**
 * A server on 127.0.0.1 that answers every request with "ok" and notes the Host header each
 * came with: what a browser reached (local-only.spec.ts in test/e2e and test/firefox).
 */
export async function startAnsweringHost() {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.headers.host ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { port, hits, close: () => server.close() };
}

/**
 * Whether a fetch from `page` to `url` reaches a server: an (opaque) answer does, a name that
 * does not resolve or a refused connection does not.
 */
export function reaches(page: Evaluator, url: string): Promise<boolean> {
  return page.evaluate(
    (target: string) =>
      fetch(target, { mode: 'no-cors', cache: 'no-store' }).then(
        () => true,
        () => false,
      ),
    url,
  );
}
