/**
 * The test server as its own process: the options and output of `npm run server`, plus the
 * `/__test/…` hooks. The e2e, reliability and bench harnesses spawn this file. Two extra flags:
 * `--refuse-upgrades` starts it refusing /ws upgrades (as `POST /__test/refuse {on: true}`
 * would), so a restarted server answers HTTP before any socket can reach it; `--exit-with-parent`
 * makes it stop when its standard input ends, which the harness holds open: a runner killed, or
 * its output cut short, leaves no server behind.
 */
import { runServerCommand } from '../../server/cli/serve';
import { createTestServer } from './test-server';

const REFUSE = '--refuse-upgrades';
const WITH_PARENT = '--exit-with-parent';
const argv = process.argv.slice(2);

if (argv.includes(WITH_PARENT)) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('error', () => process.exit(0));
  process.stdin.resume();
}

runServerCommand(
  argv.filter((arg) => arg !== REFUSE && arg !== WITH_PARENT),
  {
    start: (options) => createTestServer({ ...options, refuseUpgrades: argv.includes(REFUSE) }),
    command: 'node --import tsx test/support/test-server-main.ts',
    note: 'Test hooks are ON (/__test/…). Do not expose this server.',
  },
);
