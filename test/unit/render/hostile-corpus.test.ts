import { describe, expect, it } from 'vitest';
import { HOSTILE_CORPUS } from '../../fixtures/hostile-corpus';
import { renderContent } from '../../../lib/render';
import { createHost, makeOptions } from './helpers';
import { exerciseInert, expectNothingRan, watchPayloads } from './inert';

describe('hostile corpus', () => {
  watchPayloads();

  it('has at least 120 uniquely named payloads', () => {
    expect(HOSTILE_CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(new Set(HOSTILE_CORPUS.map((p) => p.name)).size).toBe(HOSTILE_CORPUS.length);
  });

  it.each(HOSTILE_CORPUS.map((payload) => [payload.name, payload] as const))(
    '%s',
    async (name, { content, contentType }) => {
      const scriptsBefore = document.querySelectorAll('script').length;
      for (const blockImages of [true, false]) {
        const result = renderContent(
          createHost(),
          { content, contentType },
          makeOptions({ blockImages }),
        );
        await exerciseInert(result, name);
      }
      await expectNothingRan(scriptsBefore, name);
    },
  );
});
