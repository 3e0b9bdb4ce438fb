/**
 * The test server as its own process: the options and output of `npm run server`, plus the
 * `/__test/…` hooks. The e2e, reliability and bench harnesses spawn this file. One extra flag,
 * `--refuse-upgrades`, starts it refusing /ws upgrades (as `POST /__test/refuse {on: true}`
 * would), so a restarted server answers HTTP before any socket can reach it.
 */
import { runServerCommand } from '../../server/cli/serve';
import { createTestServer } from './test-server';

const REFUSE = '--refuse-upgrades';
const argv = process.argv.slice(2);

runServerCommand(
  argv.filter((arg) => arg !== REFUSE),
  {
    start: (options) => createTestServer({ ...options, refuseUpgrades: argv.includes(REFUSE) }),
    command: 'node --import tsx test/support/test-server-main.ts',
    note: 'Test hooks are ON (/__test/…). Do not expose this server.',
  },
);
