/** A sender API call's outcome, or a readable error (a dead server, a refusal). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code?: number,
  ) {
    super(message);
    this.name = 'SendError';
  }
}

export interface SendRequest {
  content: string;
  contentType?: 1 | 2 | 3;
  summary?: string;
  url?: string;
  appToken?: string;
  uids?: string[];
  topicIds?: number[];
  /** With SPTs the simple-push endpoint is used; no app token needed. */
  spts?: string[];
}

export interface SendResultEntry {
  uid?: string;
  topicId?: number;
  messageId: number | null;
  code: number;
  status: string;
}

/** Sends through the public sender API (docs/protocol.md §6); returns one entry per recipient. */
export async function sendMessage(serverUrl: string, req: SendRequest): Promise<SendResultEntry[]> {
  const base = serverUrl.replace(/\/+$/, '');
  const simple = (req.spts?.length ?? 0) > 0;
  const body = simple
    ? {
        content: req.content,
        summary: req.summary,
        contentType: req.contentType ?? 1,
        url: req.url,
        sptList: req.spts,
      }
    : {
        appToken: req.appToken,
        content: req.content,
        summary: req.summary,
        contentType: req.contentType ?? 1,
        url: req.url,
        uids: req.uids,
        topicIds: req.topicIds,
      };
  let response: Response;
  try {
    response = await fetch(`${base}/api/send/message${simple ? '/simple-push' : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const inner = (error as { cause?: { code?: string; message?: string } }).cause;
    const cause = inner?.code ?? inner?.message ?? (error as Error).message;
    throw new SendError(`Cannot reach the server at ${base} (${cause}). Is it running?`);
  }
  let json: { code?: number; msg?: string; data?: SendResultEntry[] };
  try {
    json = (await response.json()) as typeof json;
  } catch {
    throw new SendError(
      `${base} answered HTTP ${response.status} without JSON: not a WxPusher server?`,
    );
  }
  if (json.code !== 1000) {
    throw new SendError(
      `The server refused the message: code ${json.code}: ${json.msg}`,
      json.code,
    );
  }
  return json.data ?? [];
}
