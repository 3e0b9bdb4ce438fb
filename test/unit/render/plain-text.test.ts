import { describe, expect, it } from 'vitest';
import { contentToPlainText, summarize } from '../../../lib/render/plain-text';

describe('contentToPlainText', () => {
  it.each<[string, string, number, string]>([
    ['text keeps lines, collapses spaces', '  a   b \n\n\n c\t d ', 1, 'a b\nc d'],
    ['text is not decoded', 'a &amp; <b>b</b>', 1, 'a &amp; <b>b</b>'],
    ['unknown type is text', '<b>x</b>', 7, '<b>x</b>'],
    ['CRLF', 'a\r\nb\rc', 1, 'a\nb\nc'],
    ['html tags stripped', '<p>Hello <b>world</b></p><p>Second</p>', 2, 'Hello world\nSecond'],
    ['html source newlines are spaces', '<p>a\nb</p>', 2, 'a b'],
    ['html br and block', 'a<br>b<div>c</div>', 2, 'a\nb\nc'],
    [
      'html table cells',
      '<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>',
      2,
      '1 2\n3',
    ],
    [
      'html entities',
      '&lt;tag&gt; &amp;amp; &#20320;&#x597D; &nbsp;&copy; &bogus; &constructor;',
      2,
      '<tag> &amp; 你好 © &bogus; &constructor;',
    ],
    ['html invalid code points', '&#0;&#x110000;&#xD800;', 2, '\ufffd\ufffd\ufffd'],
    [
      'html scripts and styles dropped',
      '<script>alert("x")</script>a<style>p{}</style>b<template>t</template>',
      2,
      'ab',
    ],
    ['html unclosed script drops the rest', 'a<script>alert(1)', 2, 'a'],
    ['html comments dropped', 'a<!-- secret -->b<!-- unclosed', 2, 'ab'],
    ['html quoted > in attribute', '<a title="x>y" href="z">link</a>', 2, 'link'],
    ['html img alt', 'see <img src="x.png" alt="chart"> here', 2, 'see chart here'],
    [
      'html copy label kept',
      '验证码 <copy data-clipboard-text="123456">复制</copy>',
      2,
      '验证码 复制',
    ],
    ['html pre keeps newlines', '<pre>a\n  b</pre>', 2, 'a\nb'],
    ['html stray <', 'a < b and 1<2', 2, 'a < b and 1<2'],
    ['html doctype', '<!DOCTYPE html><p>x</p>', 2, 'x'],
    [
      'markdown heading and emphasis',
      '# Title\n\n**bold** and _it_ and ~~del~~',
      3,
      'Title\nbold and it and del',
    ],
    ['markdown snake_case kept', 'call my_func_name now', 3, 'call my_func_name now'],
    [
      'markdown links and images',
      '[site](https://e.com) ![logo](x.png) [ref][1]\n\n[1]: https://e.com',
      3,
      'site logo ref',
    ],
    ['markdown link with parens', '[x](javascript:alert(1)) y', 3, 'x y'],
    ['markdown autolink', 'go <https://e.com/a>', 3, 'go https://e.com/a'],
    ['markdown lists and quotes', '- a\n* b\n1. c\n> d\n- [x] done', 3, 'a\nb\nc\nd\ndone'],
    ['markdown table', '| a | b |\n|---|---|\n| 1 | 2 |', 3, 'a b\n1 2'],
    ['markdown code keeps tags', '```html\n<b>x</b>\n```\n`<i>`', 3, '<b>x</b>\n<i>'],
    ['markdown raw html', 'a <span>b</span> <script>x()</script>c', 3, 'a b c'],
    ['markdown escapes', '\\*not emphasis\\* and 5 \\< 6', 3, '*not emphasis* and 5 < 6'],
    ['markdown rule', 'a\n\n---\n\nb', 3, 'a\nb'],
    ['markdown prose with <', 'if a<b then c', 3, 'if a<b then c'],
  ])('%s', (_name, content, contentType, expected) => {
    expect(contentToPlainText(content, contentType)).toBe(expected);
  });

  it.each<[string, string]>([
    ['many unclosed tags', '<a'.repeat(20_000)],
    ['many unclosed quotes', '<a "'.repeat(10_000)],
    ['many comments', '<!--'.repeat(10_000)],
    ['many script openings', '<script>'.repeat(5_000)],
    ['emphasis run', '_*'.repeat(20_000) + 'a'],
    ['brackets', '[!['.repeat(13_000)],
    ['link openings', '[a]('.repeat(10_000)],
    ['table delimiter', '|' + '-'.repeat(39_998) + 'x'],
    ['img without end', '<img alt=' + ' alt='.repeat(8_000)],
    ['entities', '&#x'.repeat(13_000)],
  ])('copes with pathological %s', (_name, content) => {
    // A quadratic scan would hang here (the test's own timeout); the result must still be text.
    for (const contentType of [2, 3]) {
      const text = contentToPlainText(content, contentType);
      expect(typeof text).toBe('string');
      expect(text.length).toBeLessThanOrEqual(content.length);
    }
  });
});

describe('summarize', () => {
  it.each<[string, string, number, string]>([
    ['short text unchanged', 'hello world', 20, 'hello world'],
    ['whitespace collapsed', ' a \n\n b\t', 10, 'a b'],
    ['exact length unchanged', 'abcde', 5, 'abcde'],
    ['cut at word boundary', 'the quick brown fox jumps', 18, 'the quick brown…'],
    ['next char is a space', 'the quick brown fox', 16, 'the quick brown…'],
    ['cut mid-word when no good space', 'supercalifragilistic', 10, 'supercali…'],
    ['cjk cut by character', '这是一条很长的中文推送消息内容', 8, '这是一条很长的…'],
    ['surrogate pairs kept whole', '😀😀😀😀😀😀', 4, '😀😀😀…'],
    ['max 1', 'abc', 1, '…'],
    ['max 0', 'abc', 0, ''],
    ['no trailing space before ellipsis', 'aaaa bbbbbbbbbbbbbbbbbbbbbb', 6, 'aaaa…'],
  ])('%s', (_name, text, max, expected) => {
    const result = summarize(text, max);

    expect(result).toBe(expected);
    expect(Array.from(result).length).toBeLessThanOrEqual(Math.max(max, 0));
  });
});
