/**
 * CLI entry: `npm run server -- [--host] [--port] [--data] [--no-rate-limit] [--test-hooks] …`.
 * Prints one machine-readable `WXPUSHER_SERVER_READY {json}` line (tests and scripts wait for
 * it), then help for humans. SIGINT/SIGTERM close sockets and the database cleanly.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createServer } from './app';
import { parseCliArgs, USAGE } from './cli-args';

function main(): void {
  let args;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const dbPath = resolve(args.data);
  mkdirSync(dirname(dbPath), { recursive: true });
  createServer({
    dbPath,
    host: args.host,
    port: args.port,
    rateLimit: args.rateLimit,
    dailyLimitPerUid: args.dailyLimit ? undefined : Number.POSITIVE_INFINITY,
    testHooks: args.testHooks,
    publicUrl: args.publicUrl,
    callbackUrl: args.callbackUrl,
  }).then(
    (server) => {
      const { appToken, uid, spt, topicId } = server.credentials;
      const ready = { url: server.url, appToken, uid, spt, topicId };
      console.log(`WXPUSHER_SERVER_READY ${JSON.stringify(ready)}`);
      console.log(helpText(server.url, ready, dbPath, args.testHooks));
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`\n${signal}: closing…`);
        server.close().then(
          () => process.exit(0),
          (err: unknown) => {
            console.error(err);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    },
    (err: unknown) => {
      console.error(`Could not start the server: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}

function helpText(
  url: string,
  c: { appToken: string; uid: string; spt: string; topicId: number },
  dbPath: string,
  testHooks: boolean,
): string {
  return `
WxPusher-compatible server listening on ${url}  (data: ${dbPath})
  appToken  ${c.appToken}
  uid       ${c.uid}
  spt       ${c.spt}
  topicId   ${c.topicId}

Bind a browser: point the extension at ${url}, then open the confirm page its QR code shows
  (${url}/scan/{code}) and press "Bind".

Send a message:
  curl -s ${url}/api/send/message -H 'Content-Type: application/json' \\
    -d '{"appToken":"${c.appToken}","content":"<b>Hello</b>","contentType":2,"uids":["${c.uid}"]}'
  curl -s ${url}/api/send/message/${c.spt}/Hello%20from%20curl
  curl -s '${url}/api/send/message/?appToken=${c.appToken}&uid=${c.uid}&content=Hi'
${testHooks ? '\nTest hooks are ON (/__test/…). Do not expose this server.\n' : ''}
Ctrl+C to stop.`;
}

main();
