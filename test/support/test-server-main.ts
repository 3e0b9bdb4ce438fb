/**
 * The test server as its own process: the options and output of `npm run server`, plus the
 * `/__test/…` hooks. The e2e, reliability and bench harnesses spawn this file.
 */
import { runServerCommand } from '../../server/cli/serve';
import { createTestServer } from './test-server';

runServerCommand(process.argv.slice(2), {
  start: createTestServer,
  command: 'node --import tsx test/support/test-server-main.ts',
  note: 'Test hooks are ON (/__test/…). Do not expose this server.',
});
