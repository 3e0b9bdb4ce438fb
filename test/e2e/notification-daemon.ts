import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dbus from '@homebridge/dbus-native';

/** A notification as Chromium hands it to the desktop's notification server. */
export interface ShownNotification {
  /** The server's id (not the extension's notification id). */
  id: number;
  title: string;
  body: string;
  /** Action keys and labels: "default" is the body click, "0", "1" … the buttons. */
  actions: { key: string; label: string }[];
  closed: boolean;
}

/** The part of `@homebridge/dbus-native`'s bus used here (its typings leave it out). */
interface Bus {
  requestName(name: string, flags: number, cb: (err: unknown, code?: number) => void): void;
  exportInterface(obj: object, path: string, iface: object): void;
  connection: EventEmitter & { end(): void };
}

const NAME = 'org.freedesktop.Notifications';
const OBJECT_PATH = '/org/freedesktop/Notifications';
/** DBus RequestName reply: we are the primary owner. */
const PRIMARY_OWNER = 1;

/**
 * A desktop notification server for Chromium to talk to, on a private session bus: the real
 * path a user's click takes on Linux. Chromium shows `chrome.notifications` through the
 * freedesktop Notifications interface when a session bus offers it; a click there comes back as
 * an `ActionInvoked` signal, which Chrome turns into the `notifications.onClicked` /
 * `onButtonClicked` events it delivers to the extension (waking its worker if need be).
 *
 * What it covers: everything from Chrome's receipt of the click on. What it does not: the
 * pixels of a real desktop's notification bubble, which are the desktop's, not ours.
 */
export class NotificationDaemon {
  readonly shown: ShownNotification[] = [];
  private nextId = 1;
  private readonly iface = new EventEmitter();

  private constructor(
    readonly busAddress: string,
    private readonly daemon: ChildProcess,
    private readonly bus: Bus,
    private readonly dir: string,
  ) {}

  /** Starts a private dbus-daemon and serves org.freedesktop.Notifications on it. */
  static async start(): Promise<NotificationDaemon> {
    const dir = mkdtempSync(path.join(tmpdir(), 'wxp-dbus-'));
    const socket = path.join(dir, 'bus');
    const config = path.join(dir, 'session.conf');
    // No service directories: nothing on this bus is started on demand (no a11y bus etc.).
    writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=${socket}</listen>
<auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>`,
    );
    const daemon = spawn(
      'dbus-daemon',
      [`--config-file=${config}`, '--nofork', '--print-address=1'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Its complaints (it may not raise its fd limit in a container) only matter if it fails.
    let complaints = '';
    daemon.stderr!.on('data', (d: Buffer) => (complaints += d.toString()));
    const busAddress = await new Promise<string>((resolve, reject) => {
      daemon.once('error', (error) =>
        reject(
          new Error(`dbus-daemon did not start (apt-get install dbus-daemon): ${error.message}`),
        ),
      );
      daemon.once('exit', (code) =>
        reject(new Error(`dbus-daemon exited (${code}): ${complaints}`)),
      );
      daemon.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim().split('\n')[0]!));
    });
    // The package's typings leave out sessionBus and what a bus serves with.
    const { sessionBus } = dbus as unknown as { sessionBus(o: { busAddress: string }): Bus };
    const bus = sessionBus({ busAddress });
    const server = new NotificationDaemon(busAddress, daemon, bus, dir);
    await server.serve();
    return server;
  }

  private async serve(): Promise<void> {
    const shown = this.shown;
    const impl = Object.assign(this.iface, {
      // body-images: Chromium then puts an image notification's picture into the body as
      // <img src="file://…">, which tests can see.
      GetCapabilities: () => [
        'body',
        'actions',
        'body-hyperlinks',
        'body-images',
        'icon-static',
        'persistence',
      ],
      GetServerInformation: () => ['wxp-test', 'wxpusher-receiver', '1.0', '1.2'],
      Notify: (
        _app: string,
        replaces: number,
        _icon: string,
        title: string,
        body: string,
        actions: string[],
      ) => {
        const id = replaces || this.nextId++;
        const pairs = [];
        for (let i = 0; i + 1 < actions.length; i += 2) {
          pairs.push({ key: actions[i]!, label: actions[i + 1]! });
        }
        const existing = shown.find((n) => n.id === id);
        if (existing) Object.assign(existing, { title, body, actions: pairs, closed: false });
        else shown.push({ id, title, body, actions: pairs, closed: false });
        return id;
      },
      CloseNotification: (id: number) => {
        const n = shown.find((s) => s.id === id);
        if (n) n.closed = true;
      },
    });
    this.bus.exportInterface(impl, OBJECT_PATH, {
      name: NAME,
      methods: {
        GetCapabilities: ['', 'as'],
        GetServerInformation: ['', 'ssss'],
        Notify: ['susssasa{sv}i', 'u'],
        CloseNotification: ['u', ''],
      },
      signals: { ActionInvoked: ['us'], NotificationClosed: ['uu'] },
    });
    await new Promise<void>((resolve, reject) =>
      this.bus.requestName(NAME, 4, (err, code) =>
        err || code !== PRIMARY_OWNER
          ? reject(new Error(`RequestName: ${String(err ?? code)}`))
          : resolve(),
      ),
    );
  }

  /** Notifications on screen now (shown and not closed), oldest first. */
  open(): ShownNotification[] {
    return this.shown.filter((n) => !n.closed);
  }

  /** The user clicks the notification's body. */
  click(n: ShownNotification): void {
    this.iface.emit('ActionInvoked', n.id, 'default');
  }

  /** The user clicks the button with this label. */
  clickButton(n: ShownNotification, label: string): void {
    const action = n.actions.find((a) => a.label === label);
    if (!action)
      throw new Error(`no button "${label}" on "${n.title}": ${JSON.stringify(n.actions)}`);
    this.iface.emit('ActionInvoked', n.id, action.key);
  }

  async stop(): Promise<void> {
    this.bus.connection.end();
    await new Promise<void>((resolve) => {
      if (this.daemon.exitCode !== null) return resolve();
      this.daemon.once('exit', () => resolve());
      this.daemon.kill('SIGTERM');
    });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
