import type { BenchBrowser, RunningServer } from './harness';
import { installPageTiming, timeToPainted } from './page-timing';
import type { BenchResult } from './report';
import { median, round, waitFor } from './stats';
import { storedCount } from './harness';

const CONTENT = '[data-testid="message-content"]::shadow';
const OPENS = 5;

async function sendContent(server: RunningServer, content: string, contentType: number) {
  const res = await fetch(`${server.url}/api/send/message`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      appToken: server.appToken,
      uids: [server.uid],
      content,
      contentType,
      summary: 'big',
    }),
  });
  const json = (await res.json()) as { code: number; msg: string; data: { messageId: number }[] };
  if (json.code !== 1000) throw new Error(`send failed: ${json.code} ${json.msg}`);
  return json.data[0]!.messageId;
}

/** A markdown document of exactly `length` characters: headings, lists, code, links, tables. */
export function bigMarkdown(length: number): string {
  const block = (i: number) =>
    `## Section ${i}\n\nSome **bold** and _italic_ text with a [link](https://example.com/${i}) and \`code\`.\n\n` +
    `- item one\n- item two\n  - nested\n\n| a | b |\n|---|---|\n| ${i} | ${i * 2} |\n\n\`\`\`\nconst x = ${i};\n\`\`\`\n\n`;
  let out = '';
  for (let i = 0; out.length < length; i++) out += block(i);
  return out.slice(0, length);
}

/** An HTML body of about `length` characters: paragraphs, a table, images, a copy button. */
export function bigHtml(length: number): string {
  const block = (i: number) =>
    `<h3>Report ${i}</h3><p style="color:#333">Value <b>${i}</b> <a href="https://example.com/${i}">details</a></p>` +
    `<table><tr><td>${i}</td><td>${i * 3}</td></tr></table><img src="https://example.com/${i}.png" alt="chart">` +
    `<copy data-clipboard-text="${i}">复制</copy>`;
  let out = '';
  for (let i = 0; out.length + 400 < length; i++) out += block(i);
  return out;
}

/**
 * Benchmark 5: the full view of a 39 999-character markdown message and of a large HTML one:
 * time from opening message.html to the rendered content painted (median of 5 opens each).
 * Floor: the same view of a one-line text message.
 */
export async function benchFullView(server: RunningServer, b: BenchBrowser): Promise<BenchResult> {
  const before = await storedCount(b.ext);
  const md = await sendContent(server, bigMarkdown(39_999), 3);
  const html = await sendContent(server, bigHtml(39_999), 2);
  const small = await sendContent(server, 'a short text message', 1);
  await waitFor(async () => (await storedCount(b.ext)) >= before + 3, 10_000);
  await installPageTiming(b.ext.context, [CONTENT]);
  const base = `chrome-extension://${b.ext.extensionId}/message.html?id=`;
  const time = async (mid: number) => {
    const runs: number[] = [];
    for (let i = 0; i < OPENS + 1; i++) {
      const { page, ms } = await timeToPainted(b.ext.context, `${base}${mid}`, CONTENT);
      if (i > 0) runs.push(ms);
      await page.close();
    }
    return median(runs);
  };
  const floor = await time(small);
  const mdMs = await time(md);
  const htmlMs = await time(html);
  return {
    name: '5 full view',
    figures: {
      'markdown 39 999 chars: open → rendered': { value: round(mdMs, 1), unit: 'ms' },
      'HTML ~40 000 chars: open → rendered': { value: round(htmlMs, 1), unit: 'ms' },
      'floor: one-line text message': { value: round(floor, 1), unit: 'ms' },
      'markdown / floor': { value: round(mdMs / floor, 2), unit: '×' },
      'HTML / floor': { value: round(htmlMs / floor, 2), unit: '×' },
    },
    targets: {
      'markdown 39 999 chars: open → rendered': '≤ 50 ms',
      'HTML ~40 000 chars: open → rendered': '≤ 50 ms',
    },
    notes:
      'Messages sent through the server (so they arrive and are stored like any other). message.html?id= opened in ' +
      'a tab; time in the page clock from navigation start to the frame after the rendered content exists; median ' +
      `of ${OPENS} opens after a warm-up. This includes loading the page and its scripts; the floor (a one-line ` +
      'message) shows that fixed part.',
  };
}
