import type { Clock } from './clock';
import type { Store } from './db';
import { SUB_APP, type App, type User } from './db/accounts';
import type { Device } from './db/devices';
import type { Delivery } from './delivery';
import { mint } from './ids';
import { Code } from './http/envelope';
import type { ParsedSend } from './sender-input';

/** A validated message body (sender-input.ts), rendered (renderer.ts): summary and detail HTML. */
export interface SendInput extends ParsedSend {
  /** The detail page's safe HTML, stored with the body so a page view renders nothing. */
  html: string;
}

/** Who a send is addressed to. */
export type Target =
  | { kind: 'uid'; uid: string }
  | { kind: 'topic'; topicId: number }
  | { kind: 'user'; user: User | undefined };

/** One entry of the send answer (docs/protocol.md §6). */
export interface SendEntry {
  uid: string | null;
  topicId: number | null;
  /** The recipient's message id for uid/SPT entries; null for topic entries (many messages). */
  messageId: number | null;
  messageContentId: number;
  sendRecordId: number;
  code: number;
  status: string;
}

/** Who sends: an app, or nobody for simple push / test messages; `name` is shown to users. */
export interface Sender {
  app: App | null;
  name: string;
}

const DAY_MS = 24 * 3_600_000;
// "Per day" is the service's calendar day, China Standard Time (UTC+8).
const dayOf = (now: number) => Math.floor((now + 8 * 3_600_000) / DAY_MS);

/**
 * Stores a send and pushes it. One transaction: the content, a send record per target, a
 * message per recipient user and a pending `device_messages` row per bound device; delivery
 * happens after commit. A user reached twice in one call (two topics, a uid and a topic) gets
 * the message once.
 */
export function createSendService(
  store: Store,
  clock: Clock,
  delivery: Delivery,
  dailyLimit: number,
) {
  const { accounts, messages, devices } = store;

  return function send(sender: Sender, input: SendInput, targets: Target[]): SendEntry[] {
    const now = clock.now();
    const day = dayOf(now);
    const reached = new Set<string>();
    const toDeliver: { messageId: number; devices: Device[] }[] = [];

    /** Why `uid` may not receive this send, or null if it may. */
    function refusal(uid: string): string | null {
      if (sender.app) {
        const sub = accounts.subscription(uid, SUB_APP, sender.app.id);
        if (!sub) return 'the user does not follow this app';
        if (sub.reject) return 'the user is blocked by this app';
      }
      if (input.verifyPayType === 1) return 'the user has no paid subscription (verifyPayType=1)';
      if (messages.dailyCount(uid, day) >= dailyLimit) {
        return `daily limit reached: one uid receives at most ${dailyLimit} messages a day`;
      }
      return null;
    }

    function deliverTo(
      uid: string,
      contentId: number,
      recordId: number,
      topicId: number | null,
      name: string,
    ) {
      reached.add(uid);
      const messageId = messages.insertMessage(
        mint.qid(),
        contentId,
        recordId,
        uid,
        topicId,
        name,
        now,
      );
      messages.addDailyCount(uid, day, 1);
      const bound = devices.devicesOfUser(uid);
      for (const device of bound) messages.addDeviceMessage(messageId, device.deviceUuid);
      toDeliver.push({ messageId, devices: bound });
      return messageId;
    }

    const entries = store.transaction(() => {
      const contentId = messages.insertContent({
        appId: sender.app?.id ?? null,
        title: input.summary,
        summary: input.summary,
        content: input.content,
        contentType: input.contentType,
        sourceUrl: input.sourceUrl,
        html: input.html,
        now,
      });
      const record = (
        uid: string | null,
        topicId: number | null,
        code: number,
        status: string,
        n: number,
      ) =>
        messages.insertSendRecord({
          messageContentId: contentId,
          uid,
          topicId,
          code,
          status,
          recipients: n,
          createTime: now,
        });
      return targets.map((target): SendEntry => {
        const base = { messageContentId: contentId, messageId: null, topicId: null };
        if (target.kind === 'topic') {
          const topic = accounts.topicById(target.topicId);
          if (!topic || topic.appId !== sender.app?.id) {
            const status = `topicId ${target.topicId} does not exist in this app`;
            const id = record(null, target.topicId, Code.FAILED, status, 0);
            return {
              ...base,
              uid: null,
              topicId: target.topicId,
              sendRecordId: id,
              code: Code.FAILED,
              status,
            };
          }
          const uids = accounts
            .topicSubscribers(topic.id)
            .filter((u) => !reached.has(u) && !refusal(u));
          const status = `sent to ${uids.length} subscriber(s)`;
          const id = record(null, topic.id, Code.OK, status, uids.length);
          for (const uid of uids) deliverTo(uid, contentId, id, topic.id, topic.name);
          return { ...base, uid: null, topicId: topic.id, sendRecordId: id, code: Code.OK, status };
        }
        const uid = target.kind === 'uid' ? target.uid : target.user?.uid;
        const user = target.kind === 'uid' ? accounts.userByUid(target.uid) : target.user;
        const why = !user
          ? `${target.kind === 'uid' ? 'uid' : 'spt'} does not exist`
          : refusal(user.uid);
        if (!user || why) {
          const status = why ?? 'unknown recipient';
          const id = record(uid ?? null, null, Code.FAILED, status, 0);
          return { ...base, uid: uid ?? null, sendRecordId: id, code: Code.FAILED, status };
        }
        const status = reached.has(user.uid) ? 'already reached by this call' : 'sent';
        const id = record(user.uid, null, Code.OK, status, reached.has(user.uid) ? 0 : 1);
        const messageId = reached.has(user.uid)
          ? null
          : deliverTo(user.uid, contentId, id, null, sender.name);
        return { ...base, uid: user.uid, messageId, sendRecordId: id, code: Code.OK, status };
      });
    });

    for (const { messageId, devices: bound } of toDeliver) delivery.deliver(messageId, bound);
    return entries;
  };
}

/** The send function. */
export type SendService = ReturnType<typeof createSendService>;
