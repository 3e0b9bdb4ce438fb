import DOMPurify from 'dompurify';
import { describe, expect, it } from 'vitest';
import { getSanitizer, type HostWindow } from '../../../lib/render/sanitize';

const win = window as unknown as HostWindow;
const html = (fragment: DocumentFragment | null) => {
  const box = document.createElement('div');
  if (fragment) box.append(fragment);
  return box.innerHTML;
};

// The sanitiser parses its configuration once per window and reuses it for every call (every
// part of a long message): each call must still apply the whole allowlist and the hooks.
describe('getSanitizer', () => {
  const hostile =
    '<p id="x" class="wxp-copy" onclick="alert(1)" style="color:red;position:fixed">t</p>' +
    '<a href="javascript:alert(1)">j</a><a href="https://example.com/">ok</a>' +
    '<img src="http://example.com/i.png" srcset="x 2x"><script>alert(1)</script>' +
    '<form><input name="p"></form><svg><script>alert(1)</script></svg>';

  it('applies the same allowlist on every call, before and after other input', () => {
    const sanitize = getSanitizer(win);
    const first = html(sanitize(hostile));
    for (let i = 0; i < 5; i++)
      html(sanitize(`<p><b>${i}</b> <a href="https://e.com/${i}">l</a></p>`));
    const again = html(sanitize(hostile));

    expect(again).toBe(first);
    expect(first).toBe(
      '<p style="color: red">t</p><a>j</a>' +
        '<a href="https://example.com/" target="_blank" rel="noopener noreferrer">ok</a>' +
        '<img src="http://example.com/i.png">',
    );
  });

  it('returns a fragment of an inert document every call, null for a frameset', () => {
    const sanitize = getSanitizer(win);
    const fragment = sanitize('<img src="https://example.com/a.png">');
    expect(fragment).toBeInstanceOf(win.DocumentFragment);
    expect(fragment!.ownerDocument).not.toBe(document);
    expect(sanitize('<frameset><frame src="https://example.com/"></frameset>')).toBeNull();
  });

  it('leaves the global DOMPurify configured as it was', () => {
    getSanitizer(win)('<p>warm</p>');
    // Ours drops forms and ids; DOMPurify's own defaults keep them.
    expect(DOMPurify.sanitize('<form id="f"><p>x</p></form>')).toBe('<form id="f"><p>x</p></form>');
  });
});
