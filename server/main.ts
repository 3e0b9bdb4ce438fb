/**
 * `npm run server -- [--host] [--port] [--data] [--public-url] [--callback-url]
 * [--no-rate-limit] [--no-daily-limit] [--help]`: the local server on its own.
 */
import { createServer } from './app';
import { runServerCommand } from './cli/serve';

runServerCommand(process.argv.slice(2), { start: createServer });
