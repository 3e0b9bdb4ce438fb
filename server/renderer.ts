import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { renderFully, renderPlain, type RenderedContent } from './render-job';

/** Options of {@link createRenderer}. */
export interface RendererOptions {
  /** Longest one body may render before it is shown as plain text instead. Default 1500 ms. */
  budgetMs?: number;
  /** Bodies already waiting past this many are shown as plain text at once. Default 32. */
  maxQueue?: number;
}

interface Job {
  id: number;
  content: string;
  contentType: number;
  summary: string;
  resolve: (result: RenderedContent) => void;
}

type WorkerReply = { ready: true } | { id: number; result?: RenderedContent; error?: string };

// A worker thread does not inherit the TypeScript loader the server runs under (tsx, or
// vitest's), so it registers tsx itself before loading the worker module.
function workerEntry(): URL {
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(
    require.resolve('tsx/package.json').replace(/package\.json$/, 'dist/esm/api/index.mjs'),
  ).href;
  const job = new URL('./render-worker.ts', import.meta.url).href;
  const boot = `import { register } from ${JSON.stringify(api)}; register();
await import(${JSON.stringify(job)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

const BOOT_TIMEOUT_MS = 30_000;

/**
 * Renders message bodies once, at send time, without stalling the server (docs/architecture.md
 * §9). Markdown and HTML go to one worker thread, one body at a time: a body that takes longer
 * than the budget has its worker terminated and is stored as plain text, and when more bodies
 * wait than the queue allows the newest are stored as plain text at once. Text bodies are
 * linear to render and stay on the event loop. Nothing a sender posts can hold the event loop.
 */
export function createRenderer(options: RendererOptions = {}) {
  const budgetMs = options.budgetMs ?? 1500;
  const maxQueue = options.maxQueue ?? 32;
  const queue: Job[] = [];
  let worker: Worker | null = null;
  let ready = false;
  let current: Job | null = null;
  let timer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let closed = false;
  const counts = { rendered: 0, fallbacks: 0, workerRestarts: 0 };

  function plain(job: Pick<Job, 'content' | 'summary' | 'resolve'>) {
    counts.fallbacks++;
    job.resolve(renderPlain(job.content, job.summary));
  }

  function stopWorker() {
    clearTimeout(timer);
    const old = worker;
    worker = null;
    ready = false;
    if (old) void old.terminate();
  }

  /** The worker failed or was stopped: what it held is shown as plain text. */
  function failAll() {
    stopWorker();
    if (current) plain(current);
    current = null;
    for (const job of queue.splice(0)) plain(job);
  }

  function start() {
    if (worker || closed) return;
    const w = new Worker(workerEntry());
    worker = w;
    w.unref();
    timer = setTimeout(() => {
      console.error('[server] the render worker did not start; bodies are stored as plain text');
      failAll();
    }, BOOT_TIMEOUT_MS);
    w.on('message', (reply: WorkerReply) => {
      if (w !== worker) return;
      if ('ready' in reply) {
        clearTimeout(timer);
        ready = true;
      } else if (current && reply.id === current.id) {
        clearTimeout(timer);
        const job = current;
        current = null;
        if (reply.result) {
          counts.rendered++;
          job.resolve(reply.result);
        } else {
          console.error('[server] rendering a body failed:', reply.error);
          plain(job);
        }
      }
      pump();
    });
    w.on('error', (err) => {
      if (w !== worker) return;
      console.error('[server] the render worker failed:', err);
      failAll();
    });
    w.on('exit', () => {
      if (w === worker) failAll();
    });
  }

  function pump() {
    if (closed || current || queue.length === 0) return;
    if (!worker) start();
    if (!ready || !worker) return;
    const job = queue.shift() as Job;
    current = job;
    worker.postMessage({
      id: job.id,
      content: job.content,
      contentType: job.contentType,
      summary: job.summary,
    });
    timer = setTimeout(() => {
      // Over budget: the thread is stuck in a parser. Drop it (a new one takes the queue).
      current = null;
      plain(job);
      counts.workerRestarts++;
      stopWorker();
      pump();
    }, budgetMs);
  }

  return {
    /**
     * The detail HTML and summary of a body (`summary` '' asks for the default one). Resolves
     * within the budget once the body's turn comes; never rejects.
     */
    prepare(content: string, contentType: number, summary: string): Promise<RenderedContent> {
      if (contentType !== 2 && contentType !== 3) {
        counts.rendered++;
        return Promise.resolve(renderFully(content, contentType, summary));
      }
      return new Promise((resolve) => {
        if (closed || queue.length >= maxQueue) {
          plain({ content, summary, resolve });
          return;
        }
        queue.push({ id: nextId++, content, contentType, summary, resolve });
        pump();
      });
    },
    /** Starts the worker ahead of the first markdown or HTML body. */
    warm(): void {
      start();
    },
    /** Bodies rendered, shown as plain text instead, and workers replaced after overrunning. */
    counts: () => ({ ...counts }),
    /** Stops the worker; what is still waiting is resolved as plain text. */
    close() {
      closed = true;
      failAll();
    },
  };
}

/** The renderer. */
export type Renderer = ReturnType<typeof createRenderer>;
