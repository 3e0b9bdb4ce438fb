import { formatUsage, parseCommandLine, UsageError } from '../server/cli/args';
import {
  DATA_OPTION,
  DEFAULT_DATA_FILE,
  HELP_OPTION,
  PORT_OPTION,
  parsePort,
} from '../server/cli/server-options';

const START_OPTIONS = {
  server: {
    type: 'string',
    value: '<url>',
    help: 'use this server instead of starting the local one',
  },
  'app-token': { type: 'string', value: '<AT_…>', help: "that server's app token (for the tour)" },
  uid: { type: 'string', value: '<UID_…>', help: 'the user the tour sends to on that server' },
  browser: {
    type: 'string',
    value: '<chromium|firefox>',
    help: 'the browser to run the extension in (default chromium)',
  },
  port: PORT_OPTION,
  data: DATA_OPTION,
  headless: {
    type: 'boolean',
    help: 'no visible browser: the guided tour (default without a display)',
  },
  headed: { type: 'boolean', help: 'a visible browser (default with a display)' },
  'demo-dir': {
    type: 'string',
    value: '<dir>',
    help: 'where the tour writes its screenshots (default demo, demo/firefox in Firefox)',
  },
  help: HELP_OPTION,
} as const;

/** Usage text of `npm start`. */
export const START_USAGE = formatUsage('npm start -- [options]', START_OPTIONS);

/** The browsers `npm start` runs the extension in. */
export type StartBrowser = 'chromium' | 'firefox';

const BROWSERS: Record<string, StartBrowser> = {
  chromium: 'chromium',
  chrome: 'chromium',
  firefox: 'firefox',
};

/** Parsed command line of `npm start`. */
export interface StartArgs {
  browser: StartBrowser;
  /** Another server's base URL (no trailing slash); absent: start the local one. */
  server?: string;
  appToken?: string;
  uid?: string;
  port: number;
  data: string;
  /** Forced by --headless / --headed; absent: decided by whether there is a display. */
  headless?: boolean;
  demoDir: string;
  help: boolean;
}

/** Parses `npm start`'s argv; throws a UsageError saying what is wrong. */
export function parseStartArgs(argv: readonly string[]): StartArgs {
  const { options } = parseCommandLine(argv, START_OPTIONS);
  if (options.headless && options.headed) {
    throw new UsageError('--headless and --headed exclude each other');
  }
  const browser = BROWSERS[(options.browser ?? 'chromium').toLowerCase()];
  if (!browser) {
    throw new UsageError(`--browser must be chromium or firefox, not "${options.browser}"`);
  }
  return {
    browser,
    ...(options.server ? { server: options.server.replace(/\/+$/, '') } : {}),
    ...(options['app-token'] ? { appToken: options['app-token'] } : {}),
    ...(options.uid ? { uid: options.uid } : {}),
    port: parsePort(options.port),
    data: options.data ?? DEFAULT_DATA_FILE,
    ...(options.headless || options.headed ? { headless: options.headless } : {}),
    // Firefox's screenshots go beside Chromium's.
    demoDir: options['demo-dir'] ?? (browser === 'firefox' ? 'demo/firefox' : 'demo'),
    help: options.help,
  };
}
