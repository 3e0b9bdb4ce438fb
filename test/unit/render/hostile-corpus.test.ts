import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOSTILE_CORPUS } from '../../fixtures/hostile-corpus';
import { renderContent } from '../../../lib/render';
import { createHost, makeOptions } from './helpers';
import { assertInert, type Global } from './inert';

describe('hostile corpus', () => {
  beforeEach(() => {
    delete (globalThis as Global).__xss;
    vi.spyOn(window, 'alert').mockImplementation(() => {});
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

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
        assertInert(result.shadowRoot, name);
        await result.done; // long content: the later parts too
        assertInert(result.shadowRoot, name);
        result.loadImages();
        for (const button of Array.from(result.body.querySelectorAll('button'))) button.click();
        assertInert(result.shadowRoot, name);
      }
      await new Promise((resolve) => setTimeout(resolve, 0));

      expect(document.querySelectorAll('script')).toHaveLength(scriptsBefore);
      expect((globalThis as Global).__xss, name).toBeUndefined();
      expect(window.alert).not.toHaveBeenCalled();
    },
  );
});
