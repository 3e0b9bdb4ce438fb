import { formatUsage, parseCommandLine, UsageError } from '../server/cli/args';
import { DEFAULT_DATA_FILE, DEFAULT_PORT, HELP_OPTION } from '../server/cli/server-options';
import type { SendRequest } from './sender-client';

const SEND_OPTIONS = {
  type: { type: 'string', value: 'text|html|markdown', help: 'content type (default text)' },
  summary: {
    type: 'string',
    value: '<text>',
    help: 'summary shown in lists and notifications (≤ 100 chars)',
  },
  url: { type: 'string', value: '<url>', help: 'link opened from the message' },
  uid: {
    type: 'string',
    multiple: true,
    value: '<UID>',
    help: "recipient (repeatable); default: the local server's default user",
  },
  topic: { type: 'string', multiple: true, value: '<id>', help: 'topic recipient (repeatable)' },
  spt: {
    type: 'string',
    multiple: true,
    value: '<SPT>',
    help: 'simple-push token (repeatable); needs no app token',
  },
  server: {
    type: 'string',
    value: '<url>',
    help: `server base URL (default http://127.0.0.1:${DEFAULT_PORT})`,
  },
  'app-token': {
    type: 'string',
    value: '<AT_…>',
    help: "app token; default: the local server's default app",
  },
  data: {
    type: 'string',
    value: '<file>',
    help: `local server data file for the defaults (default ${DEFAULT_DATA_FILE})`,
  },
  help: HELP_OPTION,
} as const;

/** Usage text of `npm run send`. */
export const SEND_USAGE = formatUsage('npm run send -- "message" [options]', SEND_OPTIONS);

const TYPES = { text: 1, html: 2, markdown: 3, md: 3 } as const;

/** Parsed command line of `npm run send`. */
export interface SendArgs {
  server: string;
  /** The local server's data file, read for the default app and user. */
  data: string;
  req: SendRequest & { uids: string[]; topicIds: number[]; spts: string[] };
  help: boolean;
}

/**
 * Parses `npm run send`'s argv: the words are the message text (joined by spaces), the flags as
 * in SEND_USAGE. Throws a UsageError saying what is wrong.
 */
export function parseSendArgs(argv: readonly string[]): SendArgs {
  const { options, positionals } = parseCommandLine(argv, SEND_OPTIONS, { positionals: true });
  const type = options.type?.toLowerCase();
  if (type !== undefined && !Object.hasOwn(TYPES, type)) {
    throw new UsageError('--type must be text, html or markdown');
  }
  const args: SendArgs = {
    server: options.server ?? `http://127.0.0.1:${DEFAULT_PORT}`,
    data: options.data ?? DEFAULT_DATA_FILE,
    req: {
      content: positionals.join(' '),
      ...(type ? { contentType: TYPES[type as keyof typeof TYPES] } : {}),
      ...(options.summary !== undefined ? { summary: options.summary } : {}),
      ...(options.url !== undefined ? { url: options.url } : {}),
      ...(options['app-token'] !== undefined ? { appToken: options['app-token'] } : {}),
      uids: options.uid,
      topicIds: options.topic.map(Number),
      spts: options.spt,
    },
    help: options.help,
  };
  if (!args.help && !args.req.content) {
    throw new UsageError('Nothing to send: give the message text');
  }
  return args;
}
