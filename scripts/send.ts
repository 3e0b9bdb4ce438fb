/**
 * `npm run send -- "text" [--type html|markdown|text] [--summary s] [--url u] [--uid U …]
 * [--topic N …] [--spt SPT …] [--server URL] [--app-token AT] [--data file]`
 *
 * Sends one message through the public sender API. Without an app token or SPT it uses the
 * local server's default app and user, read from its data file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../server/cli/args';
import { createStore } from '../server/db';
import { SEND_USAGE, parseSendArgs } from './send-options';
import { SendError, sendMessage, type SendRequest } from './sender-client';

/** Fills in the local server's default app and user when none were given. */
function withDefaults(req: SendRequest, dataFile: string): SendRequest {
  if (req.spts?.length || (req.appToken && (req.uids?.length || req.topicIds?.length))) return req;
  const path = resolve(dataFile);
  if (!existsSync(path)) {
    throw new SendError(
      `No local server data at ${path}: start the server (npm start or npm run server), ` +
        'or pass --app-token and --uid (or --spt) for another server',
    );
  }
  const store = createStore(path);
  try {
    const d = store.accounts.ensureDefaults(Date.now());
    return {
      ...req,
      appToken: req.appToken ?? d.app.appToken,
      uids: req.uids?.length || req.topicIds?.length ? req.uids : [d.user.uid],
    };
  } finally {
    store.close();
  }
}

async function main() {
  const args = parseSendArgs(process.argv.slice(2));
  if (args.help) {
    console.log(SEND_USAGE);
    return;
  }
  const req = withDefaults(args.req, args.data);
  const entries = await sendMessage(args.server, req);
  for (const e of entries) {
    const who = e.uid ?? (e.topicId !== undefined ? `topic ${e.topicId}` : 'recipient');
    console.log(
      `${e.code === 1000 ? '✓' : '✗'} ${who}: ${e.status}${e.messageId ? ` (messageId ${e.messageId})` : ''}`,
    );
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`${error.message}\n\n${SEND_USAGE}`);
  else console.error(error instanceof SendError ? error.message : error);
  process.exit(1);
});
