import { afterEach, describe, expect, it, vi } from 'vitest';
import { partsOf, renderFragments } from '../../../lib/render/core';
import { createHost, makeOptions } from './helpers';

/** A fragment holding one paragraph `text`. */
function paragraph(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const p = document.createElement('p');
  p.textContent = text;
  fragment.append(p);
  return fragment;
}

describe('later parts in slices', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  /**
   * Ten later parts that each take `ms` on a clock of our own; returns what each task added
   * (a task ends where the renderer yields through `scheduler.yield`).
   */
  async function tasksFor(ms: number): Promise<number[][]> {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const tasks: number[][] = [[]];
    vi.stubGlobal('scheduler', {
      yield: vi.fn(() => {
        tasks.push([]);
        return Promise.resolve();
      }),
    });
    const later = Array.from({ length: 10 }, (_, i) => () => {
      clock += ms;
      tasks.at(-1)!.push(i);
      return paragraph(`part ${i}`);
    });
    const { body, done } = renderFragments(
      createHost(),
      partsOf(paragraph('first'), later),
      makeOptions(),
    );
    expect(body.getAttribute('aria-busy')).toBe('true');
    await done;
    expect(body.hasAttribute('aria-busy')).toBe(false);
    expect([...body.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'first',
      ...later.map((_, i) => `part ${i}`),
    ]);
    return tasks.filter((task) => task.length > 0);
  }

  it('puts parts together in a task while the longest so far still fits in 50 ms', async () => {
    // 20 ms each: a second part fits (20 + 20 ≤ 50), a third would not (40 + 20).
    expect(await tasksFor(20)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
  });

  it('gives a part that alone takes longer than the slice a task of its own', async () => {
    expect(await tasksFor(60)).toEqual(Array.from({ length: 10 }, (_, i) => [i]));
  });

  it('yields through a message where the browser has no scheduler.yield', async () => {
    vi.stubGlobal('scheduler', undefined);
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => clock);
    const posted = vi.spyOn(MessagePort.prototype, 'postMessage');
    const later = Array.from({ length: 4 }, (_, i) => () => {
      clock += 30;
      return paragraph(`part ${i}`);
    });
    const { body, done } = renderFragments(
      createHost(),
      partsOf(paragraph('first'), later),
      makeOptions(),
    );
    await done;
    expect(body.querySelectorAll('p')).toHaveLength(5);
    // 30 ms each: a task per part, a yield between each two.
    expect(posted).toHaveBeenCalledTimes(3);
  });
});
