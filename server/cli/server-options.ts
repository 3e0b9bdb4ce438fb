import { formatUsage, parseCommandLine, UsageError, type OptionSpec } from './args';

/** Where `npm run server` and `npm start` listen unless told otherwise. */
export const DEFAULT_PORT = 7700;
/** The local server's data file unless told otherwise (also where `npm run send` looks). */
export const DEFAULT_DATA_FILE = '.data/wxpusher.db';

/** `--port`, the same for `npm run server` and `npm start`. */
export const PORT_OPTION = {
  type: 'string',
  value: '<n>',
  help: `port, 0 picks a free one (default ${DEFAULT_PORT})`,
} as const satisfies OptionSpec;

/** `--data`, the same for `npm run server` and `npm start`. */
export const DATA_OPTION = {
  type: 'string',
  value: '<file>',
  help: `SQLite data file (default ${DEFAULT_DATA_FILE})`,
} as const satisfies OptionSpec;

/** `--help` / `-h`, the same for every command. */
export const HELP_OPTION = {
  type: 'boolean',
  short: 'h',
  help: 'show this help',
} as const satisfies OptionSpec;

const SERVER_OPTIONS = {
  host: { type: 'string', value: '<addr>', help: 'listen address (default 127.0.0.1)' },
  port: PORT_OPTION,
  data: DATA_OPTION,
  'public-url': {
    type: 'string',
    value: '<url>',
    help: 'base URL for QR codes and links (default: the address clients use)',
  },
  'callback-url': {
    type: 'string',
    value: '<url>',
    help: "the default app's callback URL (app_subscribe)",
  },
  'no-rate-limit': { type: 'boolean', help: 'disable the 20-calls-per-10-s sender limit' },
  'no-daily-limit': {
    type: 'boolean',
    help: 'disable the 2000-messages-a-day cap per uid (benchmarks only)',
  },
  'summary-only': {
    type: 'boolean',
    help: 'push messages without their content, as the real service may (summary and link only)',
  },
  help: HELP_OPTION,
} as const;

/** Usage text of the server command (`--help` and argument errors). */
export const serverUsage = (command = 'npm run server') =>
  formatUsage(`${command} -- [options]`, SERVER_OPTIONS);

/** Parsed command line of `npm run server`. */
export interface ServerArgs {
  host: string;
  port: number;
  data: string;
  rateLimit: boolean;
  /** False with --no-daily-limit: no 2000-messages-a-day cap per uid (benchmarks only). */
  dailyLimit: boolean;
  /** --summary-only: 20001 frames without `content` (docs/protocol.md §7). */
  summaryOnly: boolean;
  publicUrl?: string;
  callbackUrl?: string;
  help: boolean;
}

/** A `--port` value: an integer from 0 to 65535 (0 picks a free port). */
export function parsePort(value: string | undefined, fallback = DEFAULT_PORT): number {
  if (value === undefined) return fallback;
  const port = /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(port <= 65535)) throw new UsageError(`--port must be 0–65535 (got "${value}")`);
  return port;
}

/** A `--public-url` value: an absolute http(s) URL (its host name is accepted in Host headers). */
function parsePublicUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new UsageError(`--public-url must be an http:// or https:// URL (got "${value}")`);
  }
  return value;
}

/** Parses the server's argv (without node and script); throws a UsageError saying what is wrong. */
export function parseServerArgs(argv: readonly string[]): ServerArgs {
  const { options } = parseCommandLine(argv, SERVER_OPTIONS);
  return {
    host: options.host ?? '127.0.0.1',
    port: parsePort(options.port),
    data: options.data ?? DEFAULT_DATA_FILE,
    rateLimit: !options['no-rate-limit'],
    dailyLimit: !options['no-daily-limit'],
    summaryOnly: options['summary-only'],
    ...(options['public-url'] ? { publicUrl: parsePublicUrl(options['public-url']) } : {}),
    ...(options['callback-url'] ? { callbackUrl: options['callback-url'] } : {}),
    help: options.help,
  };
}
