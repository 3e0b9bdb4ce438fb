import {
  CHANGES_CHANNEL,
  callWorker,
  workerAnswer,
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

/**
 * The real client: `runtime.sendMessage` plus the worker's BroadcastChannel. `earlyStatus` is
 * the answer to a `getStatus` sent before this page's code ran (lib/ui/early-reads.ts): the
 * first `getStatus` takes it, and asks anew when it is null.
 */
export function createWorkerClient(
  runtime: Pick<RuntimeLike, 'sendMessage'>,
  earlyStatus?: Promise<unknown>,
): WorkerClient {
  let early = earlyStatus;
  const send = async <K extends MessageName>(
    type: K,
    ...data: DataOf<K> extends undefined ? [] : [DataOf<K>]
  ): Promise<ResultOf<K>> => {
    if (type === 'getStatus' && early) {
      const answer = await early;
      early = undefined;
      if (answer !== null) return workerAnswer<ResultOf<K>>(answer);
    }
    return callWorker(runtime, type, ...data);
  };
  return {
    // Pages show an error's message: the worker's problem, put into the page's words here.
    call: (type, ...data) =>
      send(type, ...data).catch((error: unknown) => {
        throw pageError(error);
      }),
    onChange(listener) {
      const channel = new BroadcastChannel(CHANGES_CHANNEL);
      channel.onmessage = (event: MessageEvent<ChangeEvent>) => listener(event.data);
      return () => channel.close();
    },
  };
}
