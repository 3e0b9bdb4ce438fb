import {
  CHANGES_CHANNEL,
  callWorker,
  type ChangeEvent,
  type MessageName,
  type RuntimeLike,
  type WorkerProtocol,
} from '../protocol';
import { pageError } from './problem-text';

type DataOf<K extends MessageName> = Parameters<WorkerProtocol[K]>[0];
type ResultOf<K extends MessageName> = Awaited<ReturnType<WorkerProtocol[K]>>;

/**
 * What a page's store needs from the worker: the typed protocol (every write goes through it,
 * docs/architecture.md §7) and the change broadcast. Tests hand in a fake over a real store.
 */
export interface WorkerClient {
  call<K extends MessageName>(
    type: K,
    ...data: DataOf<K> extends undefined ? [] : [DataOf<K>]
  ): Promise<ResultOf<K>>;
  /** Calls `listener` for every change the worker broadcasts; returns the unsubscribe. */
  onChange(listener: (event: ChangeEvent) => void): () => void;
}

/** The real client: `runtime.sendMessage` plus the worker's BroadcastChannel. */
export function createWorkerClient(runtime: Pick<RuntimeLike, 'sendMessage'>): WorkerClient {
  return {
    // Pages show an error's message: the worker's problem, put into the page's words here.
    call: (type, ...data) =>
      callWorker(runtime, type, ...data).catch((error: unknown) => {
        throw pageError(error);
      }),
    onChange(listener) {
      const channel = new BroadcastChannel(CHANGES_CHANNEL);
      channel.onmessage = (event: MessageEvent<ChangeEvent>) => listener(event.data);
      return () => channel.close();
    },
  };
}
