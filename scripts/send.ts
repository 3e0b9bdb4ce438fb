/**
 * `npm run send -- "text" [--type html|markdown|text] [--summary s] [--url u] [--uid U …]
 * [--topic N …] [--spt SPT …] [--server URL] [--app-token AT] [--data file]`
 *
 * Sends one message through the public sender API. Without an app token or SPT it uses the
 * local server's default app and user, read from its data file.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createStore } from '../server/db';
import { SendError, sendMessage, type SendRequest } from './sender-client';

const USAGE = `Usage: npm run send -- "message" [options]
  --type text|html|markdown  content type (default text)
  --summary <text>           summary shown in lists and notifications (≤ 100 chars)
  --url <url>                link opened from the message
  --uid <UID>                recipient (repeatable); default: the local server's default user
  --topic <id>               topic recipient (repeatable)
  --spt <SPT>                simple-push token (repeatable); needs no app token
  --server <url>             server base URL (default http://127.0.0.1:7700)
  --app-token <AT_…>         app token; default: the local server's default app
  --data <file>              local server data file for the defaults (default .data/wxpusher.db)`;

const TYPES = { text: 1, html: 2, markdown: 3, md: 3 } as const;

function parse(argv: string[]) {
  const out = {
    server: 'http://127.0.0.1:7700',
    data: '.data/wxpusher.db',
    req: { content: '', uids: [], topicIds: [], spts: [] } as SendRequest & {
      uids: string[];
      topicIds: number[];
      spts: string[];
    },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new SendError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--type': {
        const t = value().toLowerCase() as keyof typeof TYPES;
        if (!(t in TYPES)) throw new SendError(`--type must be text, html or markdown`);
        out.req.contentType = TYPES[t];
        break;
      }
      case '--summary':
        out.req.summary = value();
        break;
      case '--url':
        out.req.url = value();
        break;
      case '--uid':
        out.req.uids.push(value());
        break;
      case '--topic':
        out.req.topicIds.push(Number(value()));
        break;
      case '--spt':
        out.req.spts.push(value());
        break;
      case '--server':
        out.server = value();
        break;
      case '--app-token':
        out.req.appToken = value();
        break;
      case '--data':
        out.data = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        if (arg.startsWith('--')) throw new SendError(`Unknown option ${arg}`);
        out.req.content = out.req.content ? `${out.req.content} ${arg}` : arg;
    }
  }
  if (!out.req.content) throw new SendError('Nothing to send: give the message text');
  return out;
}

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
  const args = parse(process.argv.slice(2));
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
  console.error(error instanceof SendError ? error.message : error);
  process.exit(1);
});
