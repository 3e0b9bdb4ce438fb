/** Parsed command line of `npm run server`. */
export interface CliArgs {
  host: string;
  port: number;
  data: string;
  rateLimit: boolean;
  /** False with --no-daily-limit: no 2000-messages-a-day cap per uid (benchmarks only). */
  dailyLimit: boolean;
  testHooks: boolean;
  publicUrl?: string;
  callbackUrl?: string;
  help: boolean;
}

/** Usage text for `--help` and argument errors. */
export const USAGE = `Usage: npm run server -- [options]
  --host <addr>          listen address (default 127.0.0.1)
  --port <n>             port, 0 picks a free one (default 7700)
  --data <file>          SQLite data file (default .data/wxpusher.db)
  --public-url <url>     base URL for QR codes and links (default: the address clients use)
  --callback-url <url>   the default app's callback URL (app_subscribe)
  --no-rate-limit        disable the 20-calls-per-10-s sender limit
  --no-daily-limit       disable the 2000-messages-a-day cap per uid (benchmarks only)
  --test-hooks           enable the /__test/ endpoints (tests and benchmarks only)
  --help                 show this help`;

/** Parses argv (without node and script). Throws an Error with a readable message. */
export function parseCliArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    host: '127.0.0.1',
    port: 7700,
    data: '.data/wxpusher.db',
    rateLimit: true,
    dailyLimit: true,
    testHooks: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const [name, inline] =
      flag.startsWith('--') && flag.includes('=') ? flag.split(/=(.*)/s) : [flag];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--host':
        args.host = value();
        break;
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new Error('--port must be 0–65535');
        args.port = port;
        break;
      }
      case '--data':
        args.data = value();
        break;
      case '--public-url':
        args.publicUrl = value();
        break;
      case '--callback-url':
        args.callbackUrl = value();
        break;
      case '--no-rate-limit':
        args.rateLimit = false;
        break;
      case '--no-daily-limit':
        args.dailyLimit = false;
        break;
      case '--test-hooks':
        args.testHooks = true;
        break;
      case '--help':
      case '-h':
        args.help = true;
        break;
      default:
        throw new Error(`unknown option: ${flag}`);
    }
  }
  return args;
}
