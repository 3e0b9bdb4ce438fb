import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bindDevice, isMessage, sendToDefault, startServer, type TestServer } from './helpers';

const HOSTILE_HTML = `<p>Hello <b>world</b></p>
<script>alert(1)</script>
<img src="x" onerror="alert(2)">
<a href="javascript:alert(3)">click</a>
<a href="https://example.com/ok">fine link</a>
<iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name="p"></form>
<div style="position:fixed;inset:0">overlay</div>
<style>body{display:none}</style>
<svg><script>alert(4)</script></svg>
<copy data-clipboard-text="TEXT">复制</copy>`;

const HOSTILE_MARKDOWN = `# Title

[bad](javascript:alert(1)) and <img src=x onerror=alert(2)> and <script>alert(3)</script>

**bold** [good](https://example.com)`;

/** No executable or page-altering markup survived. */
function expectInert(html: string) {
  const body = html.slice(html.indexOf('<main>'));
  expect(body).not.toMatch(/<script/i);
  expect(body).not.toMatch(/onerror/i);
  expect(body).not.toMatch(/javascript:/i);
  expect(body).not.toMatch(/<iframe|<form|<input|<style/i);
  expect(body).not.toMatch(/style="/i);
}

describe('public pages', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(async () => {
    await server.dispose();
  });

  async function detailOf(content: string, contentType: number) {
    const device = await bindDevice(server);
    await sendToDefault(server, content, { contentType, summary: 'Detail <title>' });
    const frame = await device.client.next(isMessage);
    await device.client.close();
    return fetch(String(frame.url));
  }

  it('renders hostile HTML sanitised, under a strict CSP', async () => {
    const res = await detailOf(HOSTILE_HTML, 2);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain(
      "default-src 'none'; img-src * data:; style-src 'unsafe-inline'",
    );
    expectInert(html);
    expect(html).toContain('<b>world</b>');
    expect(html).toContain('href="https://example.com/ok"');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('<copy data-clipboard-text="TEXT">复制</copy>');
    expect(html).toContain('Detail &lt;title&gt;');
    expect(html).toContain('Local WxPusher');
  });

  it('renders hostile markdown sanitised', async () => {
    const html = await (await detailOf(HOSTILE_MARKDOWN, 3)).text();

    expectInert(html);
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('href="https://example.com"');
  });

  it('escapes text content and links its URLs', async () => {
    const html = await (
      await detailOf('<script>alert(1)</script> see https://example.com/a?b=1&c=2', 1)
    ).text();

    expectInert(html);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2"');
  });

  it('answers an unknown qid with a 404 HTML page', async () => {
    const res = await fetch(`${server.url}/api/message/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('serves the login QR code as a PNG and the confirm page without scripts', async () => {
    const qr = await server.call<{ code: string }>('GET', '/api/device/create-login-qrcode');

    const image = await fetch(`${server.url}/api/qrcode/${qr.data.code}.png`);
    const page = await fetch(`${server.url}/scan/${qr.data.code}`);

    expect(image.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect([...bytes.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await fetch(`${server.url}/api/qrcode/LGN_unknown.jpg`)).status).toBe(404);
    const html = await page.text();
    expect(html).toContain('<form method="post">');
    expect(html).not.toMatch(/<script/i);
    expect(page.headers.get('content-security-policy')).toMatch(
      /default-src 'none'.*form-action 'self'/,
    );
  });
});
