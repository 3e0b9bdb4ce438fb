import { describe, expect, it } from 'vitest';
import { toStoredMessage } from '../../../lib/storage/message-store';
import { historyToJson } from '../../../lib/ui/export-history';
import { incoming } from '../helpers';

describe('history export', () => {
  it('holds what the user received, with its server and read state; not our index or rendering', () => {
    const row = {
      ...toStoredMessage(incoming(7, { content: 'hello' }), 1_700_000_000_000, 2),
      unread: 0 as const,
      rendered: { v: 1, length: 5, parts: ['<p>hello</p>'] },
    };

    const json = JSON.parse(historyToJson([row], 1_700_000_500_000, (a) => `https://s${a}`)) as {
      messages: Record<string, unknown>[];
    };

    expect(json.messages).toHaveLength(1);
    expect(json.messages[0]).toMatchObject({
      mid: 7,
      content: 'hello',
      read: true,
      server: 'https://s2',
    });
    for (const field of ['searchText', 'rendered', 'account', 'unread']) {
      expect(json.messages[0], field).not.toHaveProperty(field);
    }
  });
});
