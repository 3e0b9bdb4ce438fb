import { describe, expect, it } from 'vitest';
import { renderContent } from '../../../lib/render';
import { LABELS, createHost, makeOptions, render } from './helpers';

const CONTENT =
  '<p><img src="https://t.example/pixel.gif" alt="pixel" width="1" height="1">' +
  '<img src="http://e.example/photo.jpg">' +
  '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline"></p>';

describe('image blocking', () => {
  it('replaces remote images by placeholders and counts them', () => {
    const { body, shadowRoot, blockedImages } = render(CONTENT, 2, { blockImages: true });

    expect(blockedImages).toBe(2);
    const placeholders = Array.from(body.querySelectorAll('.wxp-image-blocked'));
    expect(placeholders.map((p) => p.textContent)).toEqual([
      `${LABELS.imageBlocked}: pixel`,
      LABELS.imageBlocked,
    ]);
    expect(placeholders[0]?.getAttribute('role')).toBe('img');
    expect(Array.from(body.querySelectorAll('img'), (img) => img.getAttribute('alt'))).toEqual([
      'inline',
    ]);
    expect(shadowRoot.querySelector('.wxp-load-images')?.textContent).toBe(LABELS.loadImages);
  });

  it('restores the images with loadImages()', () => {
    const result = render(CONTENT, 2, { blockImages: true });

    result.loadImages();
    result.loadImages();

    const sources = Array.from(result.body.querySelectorAll('img'), (img) =>
      img.getAttribute('src'),
    );
    expect(sources).toEqual([
      'https://t.example/pixel.gif',
      'http://e.example/photo.jpg',
      'data:image/png;base64,iVBORw0KGgo=',
    ]);
    expect(result.body.querySelector('.wxp-image-blocked')).toBeNull();
    expect(result.shadowRoot.querySelector('.wxp-images-bar')).toBeNull();
  });

  it('restores the images from the load-images button', () => {
    const { body, shadowRoot } = render(CONTENT, 2, { blockImages: true });

    shadowRoot.querySelector<HTMLButtonElement>('.wxp-load-images')?.click();

    expect(body.querySelectorAll('img')).toHaveLength(3);
    expect(shadowRoot.querySelector('.wxp-images-bar')).toBeNull();
  });

  it('ignores loadImages() from a render that was replaced', () => {
    const host = createHost();
    const first = renderContent(
      host,
      { content: CONTENT, contentType: 2 },
      makeOptions({ blockImages: true }),
    );
    renderContent(host, { content: 'next', contentType: 1 }, makeOptions());

    first.loadImages();

    expect(first.body.querySelector('img[src^="http"]')).toBeNull();
  });

  it('blocks markdown images too', () => {
    const { blockedImages, body } = render('![a](https://e.example/a.png)', 3, {
      blockImages: true,
    });

    expect(blockedImages).toBe(1);
    expect(body.querySelector('img')).toBeNull();
  });

  it('loads images normally when not blocking, without a referrer', () => {
    const { body, shadowRoot, blockedImages } = render(CONTENT, 2, { blockImages: false });

    expect(blockedImages).toBe(0);
    expect(shadowRoot.querySelector('.wxp-images-bar')).toBeNull();
    const images = Array.from(body.querySelectorAll('img'));
    expect(images).toHaveLength(3);
    for (const img of images) {
      expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
      expect(img.getAttribute('loading')).toBe('lazy');
    }
    expect(images[0]?.getAttribute('width')).toBe('1');
  });
});
