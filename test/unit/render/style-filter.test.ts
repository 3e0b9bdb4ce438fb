import { describe, expect, it } from 'vitest';
import { filterInlineStyle } from '../../../lib/render/style-filter';

describe('filterInlineStyle', () => {
  it.each<[string, string]>([
    ['color: red', 'color: red'],
    ['COLOR: #FFF; Font-Weight: bold;', 'color: #FFF; font-weight: bold'],
    [
      'background-color: rgb(7, 193, 96); padding: 4px 8px',
      'background-color: rgb(7, 193, 96); padding: 4px 8px',
    ],
    ['font-family: Microsoft YaHei, sans-serif', 'font-family: Microsoft YaHei, sans-serif'],
    ['width: calc(100% - 10px)', 'width: calc(100% - 10px)'],
    ['color: red !important', 'color: red'],
    ['display: inline-block', 'display: inline-block'],
    ['display: none', ''],
    ['position: fixed; top: 0', ''],
    ['position: absolute', ''],
    ['z-index: 2147483647', ''],
    ['transform: scale(10)', ''],
    ['opacity: 0', ''],
    ['background: url(javascript:alert(1))', ''],
    ['background-color: url(https://t.example/x.png)', ''],
    ['width: expression(alert(1))', ''],
    ['color: var(--x)', ''],
    ['color: red; -moz-binding: url(x)', 'color: red'],
    ['posit\\69on: fixed', ''],
    ['color: re\\64', ''],
    ["font-family: 'a;position:fixed'", ''],
    ['color: red; /* x */ position: fixed', 'color: red'],
    ['margin-top: -9999px', ''],
    ['margin: 0 -1px', ''],
    ['text-indent: -.5em', ''],
    ['color: rgb(1,2,3', ''],
    ['@import url(x); color: red', 'color: red'],
    ['color: red<', ''],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(filterInlineStyle(input)).toBe(expected);
  });
});
