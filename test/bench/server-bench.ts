import { bindDeviceClient, type DeviceClient } from './device-client';
import { createUser, sendTimed, startBenchServer, type RunningServer } from './harness';
import type { BenchResult } from './report';
import { median, pool, round, sleep, waitFor, wallNow } from './stats';

export const SERVER_BENCH = {
  sends: 1000,
  sendRuns: 3,
  inFlight: 8,
  devices: 2000,
  bindInFlight: 16,
  fanOutRuns: 5,
} as const;

/** One message to `uid` (all its devices); resolves when it was accepted. */
async function sendTo(server: RunningServer, uid: string, content: string) {
  const sentAt = wallNow();
  const res = await fetch(`${server.url}/api/send/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ appToken: server.appToken, uids: [uid], content }),
  });
  const json = (await res.json()) as { code: number; data: { messageId: number }[] };
  if (json.code !== 1000) throw new Error(`send failed: ${json.code}`);
  return { sentAt, messageId: json.data[0]!.messageId };
}

/** Time from the send request until every client has the message (bounded wait). */
async function fanOutOnce(
  server: RunningServer,
  uid: string,
  clients: DeviceClient[],
  tag: string,
) {
  for (const c of clients) c.received.length = 0;
  let remaining = clients.length;
  let lastAt = 0;
  const done = new Promise<void>((resolve) => {
    for (const c of clients) {
      c.onPush = (push) => {
        if (push.content !== tag) return;
        lastAt = Math.max(lastAt, push.at);
        if (--remaining === 0) resolve();
      };
    }
  });
  const { sentAt } = await sendTo(server, uid, tag);
  const ok = await Promise.race([done.then(() => true), sleep(30_000).then(() => false)]);
  for (const c of clients) c.onPush = undefined;
  if (!ok)
    throw new Error(`fan-out: ${remaining} of ${clients.length} devices got nothing in 30 s`);
  return lastAt - sentAt;
}

/**
 * Benchmark 7: sends accepted per second with the rate limit off, and one message fanned out
 * to 2 000 connected devices (plain `ws` clients bound through the device API).
 */
export async function benchServer(): Promise<BenchResult> {
  const server = await startBenchServer();
  const clients: DeviceClient[] = [];
  try {
    // Sends per second: the default user with one connected device, so every send is pushed.
    const receiver = await bindDeviceClient(server);
    clients.push(receiver);
    for (let i = 0; i < 20; i++) await sendTimed(server, `warm-up ${i}`);
    const rates: number[] = [];
    const sequential: number[] = [];
    for (let run = 0; run < SERVER_BENCH.sendRuns; run++) {
      const t0 = performance.now();
      await pool(SERVER_BENCH.sends, SERVER_BENCH.inFlight, async (i) => {
        await sendTimed(server, `rate ${run} ${i}`);
      });
      rates.push(SERVER_BENCH.sends / ((performance.now() - t0) / 1000));
      const t1 = performance.now();
      for (let i = 0; i < 200; i++) await sendTimed(server, `sequential ${run} ${i}`);
      sequential.push(200 / ((performance.now() - t1) / 1000));
    }
    await waitFor(
      () => receiver.received.length >= 20 + SERVER_BENCH.sendRuns * (SERVER_BENCH.sends + 200),
      10_000,
    );
    const pushedAll = receiver.received.length;

    // The floor for fan-out: the same send to a user with one device.
    const single = await createUser(server);
    const lone = await bindDeviceClient(server, { uid: single });
    clients.push(lone);

    // 2 000 devices of one user, bound through the device API.
    const crowd = await createUser(server);
    const bindStart = performance.now();
    const devices: DeviceClient[] = [];
    await pool(SERVER_BENCH.devices, SERVER_BENCH.bindInFlight, async () => {
      const c = await bindDeviceClient(server, { uid: crowd });
      devices.push(c);
      clients.push(c);
    });
    const bindSeconds = (performance.now() - bindStart) / 1000;

    const fanOut: number[] = [];
    const floor: number[] = [];
    for (let run = 0; run < SERVER_BENCH.fanOutRuns; run++) {
      floor.push(await fanOutOnce(server, single, [lone], `lone ${run}`));
      await sleep(200);
      fanOut.push(await fanOutOnce(server, crowd, devices, `fan-out ${run}`));
      await sleep(500);
    }
    const m = (v: number[]) => round(median(v), 1);
    return {
      name: '7 server',
      figures: {
        [`sends accepted per second (${SERVER_BENCH.inFlight} in flight)`]: {
          value: round(median(rates), 0),
          unit: 'sends/s',
        },
        'sends accepted per second (one at a time)': {
          value: round(median(sequential), 0),
          unit: 'sends/s',
        },
        'pushes the connected device received': { value: pushedAll, unit: 'frames' },
        [`fan-out to ${SERVER_BENCH.devices} devices: last device has it`]: {
          value: m(fanOut),
          unit: 'ms',
        },
        'floor: the same send to a user with 1 device': { value: m(floor), unit: 'ms' },
        'fan-out / floor': { value: round(median(fanOut) / median(floor), 1), unit: '×' },
        [`binding ${SERVER_BENCH.devices} devices through the device API`]: {
          value: round(bindSeconds, 1),
          unit: 's',
        },
      },
      notes:
        `Server started with --no-rate-limit --no-daily-limit. Sends: ${SERVER_BENCH.sendRuns} runs of ${SERVER_BENCH.sends} ` +
        `POST /api/send/message with ${SERVER_BENCH.inFlight} in flight, and 200 one at a time, each to a user with ` +
        `one connected device; medians. Fan-out: ${SERVER_BENCH.devices} ws clients in the bench process, each bound ` +
        `(socket, create-login-qrcode, POST /scan, register-device) to one user; ${SERVER_BENCH.fanOutRuns} sends, ` +
        'time from the send request to the frame arriving at the last client (which includes the bench process ' +
        'reading 2 000 sockets); median.',
    };
  } finally {
    await Promise.all(clients.map((c) => c.disconnect().catch(() => undefined)));
    await server.stop();
  }
}
