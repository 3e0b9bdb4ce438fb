/**
 * Base stylesheet placed inside every render's shadow root.
 *
 * Colours come from CSS custom properties, which inherit through the shadow boundary, so the
 * page's token sheet can theme messages (`--wxp-fg`, `--wxp-link`, …); the fallbacks give a
 * readable light and dark scheme on their own. `contain: content` makes the host the containing
 * block and paint clip for everything inside, so no sender style can draw outside its box.
 * Content carries no `class` attributes (sanitize.ts drops them), so only our own elements can
 * match the `wxp-` selectors.
 */
export const BASE_CSS = `
:host {
  display: block;
  contain: content;
  color: var(--wxp-fg, #1f2328);
  font: var(--wxp-font, 14px/1.6 system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', sans-serif);
  --wxp-border-fallback: #d0d7de;
  --wxp-muted-fallback: #f6f8fa;
  --wxp-link-fallback: #0969da;
}
@media (prefers-color-scheme: dark) {
  :host {
    color: var(--wxp-fg, #e6edf3);
    --wxp-border-fallback: #3d444d;
    --wxp-muted-fallback: #1c2128;
    --wxp-link-fallback: #4493f8;
  }
}
.wxp-body { overflow-wrap: anywhere; overflow-x: auto; }
/* A long message's later parts (the first screen is not wrapped, so it lays out once): off
   screen they skip layout and paint until scrolled near, staying in find-in-page and the
   accessibility tree. */
.wxp-part { content-visibility: auto; contain-intrinsic-size: auto 600px; }
.wxp-body > :first-child { margin-top: 0; }
.wxp-body > :last-child { margin-bottom: 0; }
.wxp-text { white-space: pre-wrap; }
a { color: var(--wxp-link, var(--wxp-link-fallback)); }
img { max-width: 100% !important; height: auto; }
pre {
  overflow-x: auto;
  padding: 8px 12px;
  border-radius: 6px;
  background: var(--wxp-code-bg, var(--wxp-muted-fallback));
}
code { font-family: var(--wxp-mono, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace); font-size: 0.92em; }
:not(pre) > code { padding: 0.1em 0.3em; border-radius: 4px; background: var(--wxp-code-bg, var(--wxp-muted-fallback)); }
table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
th, td { border: 1px solid var(--wxp-border, var(--wxp-border-fallback)); padding: 4px 8px; }
th { background: var(--wxp-muted, var(--wxp-muted-fallback)); }
blockquote {
  margin: 0.5em 0;
  padding: 0 1em;
  border-left: 4px solid var(--wxp-border, var(--wxp-border-fallback));
  opacity: 0.85;
}
hr { border: 0; border-top: 1px solid var(--wxp-border, var(--wxp-border-fallback)); }
.wxp-copy {
  font: inherit;
  cursor: pointer;
  padding: 2px 10px;
  border: 1px solid var(--wxp-border, var(--wxp-border-fallback));
  border-radius: 6px;
  background: var(--wxp-muted, var(--wxp-muted-fallback));
  color: inherit;
}
.wxp-copy[data-state='copied'] { border-color: var(--wxp-success, #1a7f37); }
.wxp-copy[data-state='failed'] { border-color: var(--wxp-danger, #cf222e); }
/* Copies something else than its label says: marked, and the tooltip names the text. */
.wxp-copy[data-differs]::after { content: ' \\2260'; opacity: 0.7; }
.wxp-image-blocked {
  display: inline-block;
  padding: 2px 8px;
  border: 1px dashed var(--wxp-border, var(--wxp-border-fallback));
  border-radius: 4px;
  font-size: 0.9em;
  opacity: 0.8;
}
.wxp-images-bar {
  display: flex;
  align-items: center;
  gap: 8px;
  margin-bottom: 8px;
  font-size: 0.9em;
}
`;
