import { resolve } from 'node:path';
import type { Credentials, ServerOptions, WxPusherServer } from '../app';
import { isLoopbackName } from '../http/request-policy';
import { UsageError } from './args';
import { parseServerArgs, serverUsage } from './server-options';

/** How to run a server command: `npm run server`, or the test server's entry. */
export interface ServeCommand {
  /** Starts the server: `createServer`, or a wrapper of it. */
  start(options: ServerOptions): Promise<WxPusherServer>;
  /** The command named in the usage text. Default `npm run server`. */
  command?: string;
  /** A paragraph added to the startup text, e.g. a warning. */
  note?: string;
}

/**
 * Parses the server options, starts the server, prints one machine-readable
 * `WXPUSHER_SERVER_READY {json}` line (tests and scripts wait for it), then help for humans.
 * SIGINT/SIGTERM close sockets and the database cleanly. Argument errors exit 2.
 */
export function runServerCommand(argv: readonly string[], command: ServeCommand): void {
  let args;
  try {
    args = parseServerArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${serverUsage(command.command)}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(serverUsage(command.command));
    return;
  }
  // The folder (0700) and the file (0600) are created by the store (db/schema.ts).
  const dbPath = resolve(args.data);
  const warning = exposureWarning(args.host);
  if (warning) console.warn(warning);
  command
    .start({
      dbPath,
      host: args.host,
      port: args.port,
      rateLimit: args.rateLimit,
      dailyLimitPerUid: args.dailyLimit ? undefined : Number.POSITIVE_INFINITY,
      summaryOnlyFrames: args.summaryOnly,
      publicUrl: args.publicUrl,
      callbackUrl: args.callbackUrl,
    })
    .then(
      (server) => {
        const { appToken, uid, spt, topicId } = server.credentials;
        const ready = { url: server.url, appToken, uid, spt, topicId };
        console.log(`WXPUSHER_SERVER_READY ${JSON.stringify(ready)}`);
        console.log(helpText(server.url, server.credentials, dbPath, command.note));
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

/**
 * The risk of listening beyond loopback, printed at start (README, Security); null on loopback.
 */
export function exposureWarning(host: string): string | null {
  if (isLoopbackName(host)) return null;
  return (
    `WARNING: --host ${host} makes this server reachable from other machines, over plain HTTP. ` +
    'Anyone on the network can then create login codes, read the detail page of a message ' +
    'whose link they learn, and with an appToken or SPT send to its users; tokens and messages ' +
    'cross the network unencrypted. Keep the default 127.0.0.1, or put the server behind an ' +
    'HTTPS proxy and give its address with --public-url.'
  );
}

function helpText(url: string, c: Credentials, dbPath: string, note?: string): string {
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
${note ? `\n${note}\n` : ''}
Ctrl+C to stop.`;
}
