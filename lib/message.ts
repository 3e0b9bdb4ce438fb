/** Content types (docs/protocol.md §5). Anything else is read as text. */
export const ContentType = { text: 1, html: 2, markdown: 3 } as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** The fields of a message on the wire: a 20001 frame or a list-v2 item. */
export interface MessageFields {
  /** The server's message id (list-v2 calls it messageId): a positive safe integer. */
  mid: number;
  qid: string;
  title: string;
  /** The sending app or topic. */
  name: string;
  summary: string;
  /** Empty when the server sent only a summary and a detail url. */
  content: string;
  contentType: ContentType;
  /** The public detail page; '' unless http(s). */
  url: string;
  /** The sender's original link; '' unless http(s). */
  sourceUrl: string;
}

/** A message as it arrives, from a push or a fetch. */
export interface IncomingMessage extends MessageFields {
  /** When the server created the message (epoch ms). */
  createTime: number;
  /** Known read state, when the source says (list-v2 does; pushes are unread). */
  read?: boolean;
}

/**
 * A message as this extension stores it: one row per account and server message id (`mid`),
 * the key, so the same message arriving by push, replay and fetch can only be stored once.
 * Flags are 0/1 because booleans cannot be IndexedDB index keys.
 */
export interface StoredMessage extends MessageFields {
  /** The account (server and user) it came from: ids are unique on one server only. */
  account: number;
  createTime: number;
  /** When this browser first stored it (epoch ms). */
  receivedAt: number;
  unread: 0 | 1;
  /** Lower-cased title, summary, plain-text content and app name: what search looks in. */
  searchText: string;
  /**
   * Long HTML or markdown content as rendered when it arrived, where the worker can render
   * (lib/worker/prerender.ts): the full view parses these parts instead of sanitising or
   * lexing the content again (docs/architecture.md §8).
   */
  rendered?: RenderedBody;
}

/** Content rendered ahead of its opening (lib/render/rendered-body.ts). */
export interface RenderedBody {
  /** The renderer's version that made it (RENDERED_VERSION): an older one is not used. */
  v: number;
  /** The length of the content it was made from. */
  length: number;
  /** The sanitised markup of each part, in order, as the renderer cut them (parts.ts). */
  parts: string[];
}

/** The 24-hour replay window (docs/protocol.md §3). */
export const REPLAY_WINDOW_MS = 24 * 60 * 60 * 1000;
