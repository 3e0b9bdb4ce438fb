/**
 * `npm start [-- --browser chromium|firefox --server <url> --app-token AT --uid UID --port 7700
 *  --data .data/wxpusher.db --headless|--headed --demo-dir demo]`
 *
 * Starts the local server (unless --server is given), builds the extension with that server as
 * its default, and launches Chromium (or Firefox) with it in a fresh profile. With a display: a
 * visible browser with the popup open and the confirm link printed. Without one: a headless
 * guided tour that must pass step by step. Ctrl-C stops everything it started.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createServer } from '../server/app';
import { UsageError } from '../server/cli/args';
import { buildExtension, launchExtension } from './extension-runner';
import { buildFirefoxExtension, launchFirefox } from './firefox-runner';
import { chromiumSession, firefoxSession, type ExtensionSession } from './session';
import { START_USAGE, parseStartArgs, type StartArgs } from './start-options';
import { TourError, runTour } from './tour';

/** A display to show a browser on: X11 or Wayland, or a desktop OS. */
const hasDisplay = () =>
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

async function main(): Promise<number> {
  let args: StartArgs;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${START_USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(START_USAGE);
    return 0;
  }
  const cleanups: (() => Promise<unknown>)[] = [];
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      console.log('\nStopping the browser and the server…');
      void stopAll().then(() => process.exit(130));
    });
  }

  try {
    let serverUrl = args.server;
    let credentials: { appToken: string; uid: string } | undefined;
    if (serverUrl) {
      if (args.appToken && args.uid) credentials = { appToken: args.appToken, uid: args.uid };
      console.log(`Using the server at ${serverUrl}`);
    } else {
      const dbPath = resolve(args.data);
      mkdirSync(dirname(dbPath), { recursive: true });
      const server = await createServer({ dbPath, port: args.port, host: '127.0.0.1' }).catch(
        (error: NodeJS.ErrnoException) => {
          throw new Error(
            error.code === 'EADDRINUSE'
              ? `Port ${args.port} is in use (another npm start or npm run server?). Use --port <n>.`
              : `Could not start the local server: ${error.message}`,
          );
        },
      );
      cleanups.push(() => server.close());
      serverUrl = server.url;
      credentials = server.credentials;
      console.log(`Local server on ${server.url} (data: ${dbPath})`);
      console.log(
        `  appToken ${server.credentials.appToken}  uid ${server.credentials.uid}  spt ${server.credentials.spt}`,
      );
    }

    console.log('Building the extension…');
    const headless = args.headless ?? !hasDisplay();
    const session = await launchBrowser(args, serverUrl, headless);
    cleanups.push(() => session.close());
    console.log(
      `${[session.name, session.version, headless ? '(headless)' : ''].filter(Boolean).join(' ')} ` +
        `started with the extension at ${session.origin}`,
    );

    if (headless) {
      if (!credentials) {
        throw new Error('The tour sends messages: give --app-token and --uid for that server');
      }
      console.log('No display: running the guided tour');
      const { latenciesMs } = await runTour({
        session,
        serverUrl,
        credentials,
        demoDir: resolve(args.demoDir),
        log: (line) => console.log(line),
      });
      console.log(
        `Tour passed. Send → notification: ${latenciesMs.map((ms) => `${ms} ms`).join(', ')}. ` +
          `Screenshots in ${args.demoDir}/`,
      );
      await stopAll();
      return 0;
    }

    await showInteractive(session, serverUrl, credentials);
    await new Promise(() => undefined); // until Ctrl-C
    return 0;
  } catch (error) {
    console.error(
      error instanceof TourError
        ? `\nTour failed. ${error.message}`
        : `\n${(error as Error).message}`,
    );
    await stopAll();
    return 1;
  }
}

/** Builds the extension for the chosen browser and launches it there, in a fresh profile. */
async function launchBrowser(
  args: StartArgs,
  serverUrl: string,
  headless: boolean,
): Promise<ExtensionSession> {
  const outDir = resolve('.output/start');
  if (args.browser === 'firefox') {
    return firefoxSession(
      await launchFirefox(await buildFirefoxExtension(serverUrl, { outDir }), {
        headless,
        anyHost: true, // as for Chromium below
      }),
    );
  }
  // A fresh profile each run, removed on exit.
  const profile = mkdtempSync(join(tmpdir(), 'wxp-profile-'));
  const ext = await launchExtension(await buildExtension(serverUrl, outDir), {
    headless,
    userDataDir: profile,
    // The user may point this browser at the real service (the options page).
    anyHost: true,
  });
  const session = chromiumSession(ext);
  return {
    ...session,
    close: async () => {
      await session.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** With a display: the popup open in a tab, the confirm link and the send commands printed. */
async function showInteractive(
  session: ExtensionSession,
  serverUrl: string,
  credentials: { appToken: string; uid: string } | undefined,
) {
  const page = await session.newPage();
  await page.goto('/popup.html?tab=1');
  const code = await page.evaluate(async () => {
    const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
    for (let i = 0; i < 100; i++) {
      const r = (await api.runtime.sendMessage({ wxp: 1, type: 'getStatus' })) as {
        result?: { binding: { kind: string; code?: string } };
      };
      if (r.result?.binding.kind === 'waiting') return r.result.binding.code ?? '';
      if (r.result?.binding.kind === 'bound') return '';
      await new Promise((res) => setTimeout(res, 200));
    }
    return '';
  }, null);
  console.log('\nThe popup is open in the browser.');
  if (code) console.log(`Confirm the binding (instead of scanning): ${serverUrl}/scan/${code}`);
  console.log('\nThen send a message:');
  console.log('  npm run send -- "Hello from the terminal"');
  console.log('  npm run send -- "**bold** and a [link](https://example.com)" --type markdown');
  if (credentials) {
    console.log(
      `  curl -X POST ${serverUrl}/api/send/message -H 'Content-Type: application/json' \\\n` +
        `    -d '{"appToken":"${credentials.appToken}","uids":["${credentials.uid}"],"content":"<b>Hi</b>","contentType":2}'`,
    );
  }
  console.log('\nCtrl-C stops the browser and the server.');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
