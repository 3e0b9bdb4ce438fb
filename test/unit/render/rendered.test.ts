import { describe, expect, it, vi } from 'vitest';
import { HOSTILE_CORPUS } from '../../fixtures/hostile-corpus';
import { renderContent } from '../../../lib/render';
import { renderRendered } from '../../../lib/render/load';
import { PROGRESSIVE_MIN } from '../../../lib/render/parts';
import { renderBody } from '../../../lib/render/prerender';
import { RENDERED_VERSION, renderedParts } from '../../../lib/render/rendered-body';
import { createHost, makeOptions, unwrappedParts } from './helpers';
import { assertInert, exerciseInert, expectNothingRan, watchPayloads } from './inert';

/** `content` rendered on opening and rendered ahead (prerender.ts, rendered.ts): both bodies. */
async function bothWays(content: string, contentType: 2 | 3, blockImages = false) {
  const live = renderContent(createHost(), { content, contentType }, makeOptions({ blockImages }));
  await live.done;
  const body = renderBody(document, { content, contentType });
  const ahead = renderRendered(createHost(), body.parts, makeOptions({ blockImages }));
  return { live, ahead, body };
}

describe('content rendered ahead of its opening', () => {
  watchPayloads();

  /** Filler that makes a payload long enough to be cut into parts. */
  const filler = (contentType: 2 | 3) =>
    contentType === 2
      ? '<p>filler paragraph</p>'.repeat(Math.ceil(PROGRESSIVE_MIN / 23))
      : 'Filler paragraph.\n\n'.repeat(Math.ceil(PROGRESSIVE_MIN / 19));

  // Every payload alone; every eighth also at the end of a long message (cut into parts), which
  // in jsdom takes ~100 ms a payload.
  it.each(HOSTILE_CORPUS.map((payload, i) => [payload.name, payload, i % 8 === 0] as const))(
    '%s: the same tree as on opening, inert',
    async (name, { content, contentType }, long) => {
      const scriptsBefore = document.querySelectorAll('script').length;
      const sources = long ? [content, `${filler(contentType)}${content}`] : [content];
      for (const source of sources) {
        const { live, ahead } = await bothWays(source, contentType, true);
        assertInert(ahead.shadowRoot, name); // the first screen
        await ahead.done;
        expect(unwrappedParts(ahead.body), name).toBe(unwrappedParts(live.body));
        expect(ahead.blockedImages, name).toBe(live.blockedImages);
        await exerciseInert(ahead, name);
      }
      await expectNothingRan(scriptsBefore, name);
    },
  );

  it('keeps the parts as cut, the first small, and shows the first screen first', async () => {
    const block = (i: number) =>
      `## Section ${i}\n\nSome **bold** text with a [link](https://example.com/${i}) and \`code\`.\n\n` +
      `- item one\n- item two\n\n| a | b |\n|---|---|\n| ${i} | ${i * 2} |\n\n`;
    const content = Array.from({ length: 150 }, (_, i) => block(i)).join('');

    const { live, ahead, body } = await bothWays(content, 3);

    expect(body).toMatchObject({ v: RENDERED_VERSION, length: content.length });
    expect(body.parts.length).toBeGreaterThan(3);
    expect(body.parts[0]!.length).toBeLessThan(body.parts[1]!.length);
    expect(ahead.body.getAttribute('aria-busy')).toBe('true');
    await ahead.done;
    expect(ahead.body.hasAttribute('aria-busy')).toBe(false);
    expect(unwrappedParts(ahead.body)).toBe(unwrappedParts(live.body));
  });

  it('keeps only the parts from a restart on (HTML whose end changes how its start parses)', async () => {
    const paragraphs = '<p>filler paragraph</p>'.repeat(100);
    const fostered = `${paragraphs}<table><span>${'x'.repeat(4_000)}</span></table>${paragraphs}`;

    const { live, ahead } = await bothWays(fostered, 2);
    await ahead.done;

    expect(unwrappedParts(ahead.body)).toBe(unwrappedParts(live.body));
    expect(ahead.body.querySelectorAll('span')).toHaveLength(1);
  });

  it('holds remote images back until asked and makes copy buttons real, as on opening', async () => {
    const content = `${filler(2)}<img src="https://example.com/a.png" alt="chart"><copy data-clipboard-text="c1">复制</copy>`;

    const options = makeOptions({ blockImages: true });
    const copyText = options.copyText;
    const { parts } = renderBody(document, { content, contentType: 2 });
    const ahead = renderRendered(createHost(), parts, options);
    await ahead.done;

    expect(ahead.blockedImages).toBe(1);
    expect(ahead.body.querySelector('img')).toBeNull();
    ahead.loadImages();
    expect(ahead.body.querySelector('img')?.getAttribute('src')).toBe('https://example.com/a.png');
    const copy = ahead.body.querySelector<HTMLButtonElement>('button.wxp-copy')!;
    expect(copy.textContent).toBe('复制');
    copy.click();
    await vi.waitFor(() => expect(copyText).toHaveBeenCalledWith('c1'));
  });
});

describe('renderedParts', () => {
  const content = 'x'.repeat(PROGRESSIVE_MIN);
  const rendered = { v: RENDERED_VERSION, length: content.length, parts: ['<p>x</p>'] };

  it('gives the parts made by this renderer from this content', () => {
    expect(renderedParts({ content, contentType: 3, rendered })).toEqual(['<p>x</p>']);
    expect(renderedParts({ content, contentType: 2, rendered })).toEqual(['<p>x</p>']);
  });

  it('gives none for another version, other content, short or text content, or no parts', () => {
    const cases = [
      { content, contentType: 3, rendered: { ...rendered, v: RENDERED_VERSION - 1 } },
      { content: `${content}y`, contentType: 3, rendered },
      { content: 'short', contentType: 3, rendered: { ...rendered, length: 5 } },
      { content, contentType: 1, rendered },
      { content, contentType: 3, rendered: { ...rendered, parts: [] } },
      { content, contentType: 3, rendered: { ...rendered, parts: [1 as unknown as string] } },
      { content, contentType: 3 },
    ];
    for (const message of cases)
      expect(renderedParts(message), JSON.stringify(message.rendered)).toBeNull();
  });
});
