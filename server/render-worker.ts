/**
 * The render worker's thread (started by renderer.ts): renders one job at a time and answers
 * `{id, result}` or `{id, error}`. It holds no state, so it can be terminated mid-job.
 */
import { parentPort } from 'node:worker_threads';
import { renderFully } from './render-job';

interface Job {
  id: number;
  content: string;
  contentType: number;
  summary: string;
}

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs only as a worker thread');
port.on('message', (job: Job) => {
  try {
    port.postMessage({
      id: job.id,
      result: renderFully(job.content, job.contentType, job.summary),
    });
  } catch (err) {
    port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
port.postMessage({ ready: true });
