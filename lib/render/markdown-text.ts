/**
 * Markdown syntax to text without a parser, line by line. Every pattern is anchored or bounded
 * by a character class that excludes its own delimiters, so matching stays linear on hostile
 * input. Code is entity-escaped so the HTML pass that follows keeps `<tags>` written in code.
 */

const escapeCode = (code: string) => code.replace(/&/g, '&amp;').replace(/</g, '&lt;');

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const TABLE_DELIMITER = /^[\s|:-]+$/;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*\S/;
const QUOTE_PREFIX = /^\s*(?:>\s?)+/;
const HEADING_PREFIX = /^\s{0,3}#{1,6}\s+/;
const LIST_PREFIX = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?/;

function inline(line: string): string {
  return (
    line
      .replace(/`([^`]+)`/g, (_, code: string) => escapeCode(code))
      .replace(/!\[([^[\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, '$1')
      .replace(/\[([^[\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, '$1')
      .replace(/\[([^[\]]*)\]\[[^[\]]*\]/g, '$1')
      .replace(/<([a-zA-Z][a-zA-Z0-9+.-]*:[^<>\s]*)>/g, '$1')
      .replace(/(?<!\\)(\*\*|__|~~)/g, '')
      // Emphasis markers at the edge of a word; `snake_case` keeps its underscores. The character
      // before a closing marker is not itself a marker, so a long `*_*_…` run is scanned once.
      .replace(/(^|[\s(])[*_]+(?=\S)/g, '$1')
      .replace(/([^\s*_\\])[*_]+(?=[\s).,!?;:]|$)/g, '$1')
      .replace(/\s#+\s*$/, '')
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
  );
}

/** Removes markdown syntax, keeping one line per source line (blank lines are kept too). */
export function markdownToText(markdown: string): string {
  const lines: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const marker = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (marker?.startsWith(fence)) fence = null;
      else lines.push(escapeCode(line));
    } else if (marker) {
      fence = marker;
    } else if (RULE.test(line) || REFERENCE_DEFINITION.test(line)) {
      lines.push('');
    } else if (line.includes('|') && line.includes('-') && TABLE_DELIMITER.test(line)) {
      continue;
    } else {
      const text = inline(
        line.replace(QUOTE_PREFIX, '').replace(HEADING_PREFIX, '').replace(LIST_PREFIX, ''),
      );
      lines.push(
        line.includes('|') ? text.replace(/^\s*\||\|\s*$/g, '').replace(/\|/g, ' ') : text,
      );
    }
  }
  return lines.join('\n');
}
