import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './report';

/**
 * Relative module paths a built ES module imports (`from"./x.js"`, `import"./x.js"`), and the
 * chunks it loads with `import("./x.js")`: a page that loads part of its code on demand (the
 * message view's HTML and markdown renderer) still counts it.
 */
function importsOf(code: string): string[] {
  const out: string[] = [];
  for (const m of code.matchAll(/(?:from|import)\s*\(?\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g))
    out.push(m[1]!);
  return out;
}

/** An entry file and every chunk it imports, transitively (paths relative to `dir`). */
function closure(dir: string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (rel: string) => {
    const norm = path.normalize(rel).replace(/^\//, '');
    if (seen.has(norm)) return;
    seen.add(norm);
    const code = readFileSync(path.join(dir, norm), 'utf8');
    for (const imp of importsOf(code)) visit(path.join(path.dirname(norm), imp));
  };
  entries.forEach(visit);
  return [...seen].sort();
}

/**
 * The scripts and preloads a built page loads, with the script its boot script starts (the
 * list pages name it on its tag, `data-app`: public/list-boot.js).
 */
function pageScripts(dir: string, html: string): string[] {
  const text = readFileSync(path.join(dir, html), 'utf8');
  const started = [...text.matchAll(/\bdata-app="([^"]+)"/g)].map((m) => m[1]!);
  const srcs = [...text.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => m[1]!);
  const preloads = [...text.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  );
  return [...srcs, ...preloads, ...started];
}

const gzipKb = (dir: string, files: string[]) =>
  Math.round(
    (files.reduce((n, f) => n + gzipSync(readFileSync(path.join(dir, f)), { level: 9 }).length, 0) /
      1024) *
      10,
  ) / 10;

/** Benchmark 6: gzipped JS of the worker, the popup and the message view, with their chunks. */
export function benchSize(extensionDir: string): BenchResult {
  const figures: BenchResult['figures'] = {};
  const notes: string[] = [];
  const entries: [string, string[] | null][] = [
    ['worker', ['background.js']],
    [
      'popup',
      existsSync(path.join(extensionDir, 'popup.html'))
        ? pageScripts(extensionDir, 'popup.html')
        : null,
    ],
    [
      'message view',
      existsSync(path.join(extensionDir, 'message.html'))
        ? pageScripts(extensionDir, 'message.html')
        : null,
    ],
  ];
  for (const [name, roots] of entries) {
    if (!roots) {
      notes.push(`${name}: not built`);
      continue;
    }
    const files = closure(extensionDir, roots);
    figures[name] = { value: gzipKb(extensionDir, files), unit: 'KB gzip' };
    notes.push(`${name}: ${files.join(', ')}`);
  }
  return {
    name: '6 size',
    figures,
    targets: { worker: '≤ 40 KB', popup: '≤ 60 KB', 'message view': '≤ 80 KB' },
    notes: `gzip -9 (node:zlib) of each entry and every chunk it imports, statically or on demand (shared chunks counted in each). ${notes.join('; ')}`,
  };
}
