import type { BrowserContext, CDPSession } from '@playwright/test';

/**
 * Extension documents Playwright lists as no page (the offscreen document, a popup opened by
 * `action.openPopup`), seen from outside: the browser's DevTools targets include them, and code
 * can be run in them.
 */
export class OffscreenProbe {
  private nextId = 1;

  private constructor(private readonly session: CDPSession) {}

  static async attach(context: BrowserContext): Promise<OffscreenProbe> {
    const browser = context.browser();
    if (!browser) throw new Error('no browser for this context');
    return new OffscreenProbe(await browser.newBrowserCDPSession());
  }

  /** The offscreen documents that exist now (Chrome allows one). */
  documents(): Promise<{ targetId: string; url: string }[]> {
    return this.targets('offscreen.html');
  }

  /** The extension's documents whose path starts with `page` (e.g. "popup.html"). */
  async targets(page: string): Promise<{ targetId: string; url: string }[]> {
    const { targetInfos } = (await this.session.send('Target.getTargets')) as {
      targetInfos: { targetId: string; url: string }[];
    };
    return targetInfos.filter((t) =>
      /^chrome-extension:\/\/[^/]+\/(.*)$/.exec(t.url)?.[1]?.startsWith(page),
    );
  }

  /** Runs `expression` in the offscreen document (or `page`) and returns its JSON value. */
  async evaluate<T>(expression: string, page = 'offscreen.html'): Promise<T> {
    const [doc] = await this.targets(page);
    if (!doc) throw new Error(`there is no ${page} document`);
    const { sessionId } = (await this.session.send('Target.attachToTarget', {
      targetId: doc.targetId,
      flatten: false,
    })) as { sessionId: string };
    const id = this.nextId++;
    const reply = new Promise<{ result?: { result: { value: T } }; error?: unknown }>((resolve) => {
      const onMessage = (event: { sessionId?: string; message: string }) => {
        const message = JSON.parse(event.message) as { id?: number };
        if (event.sessionId !== sessionId || message.id !== id) return;
        this.session.off('Target.receivedMessageFromTarget', onMessage);
        resolve(message as never);
      };
      this.session.on('Target.receivedMessageFromTarget', onMessage);
    });
    await this.session.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({
        id,
        method: 'Runtime.evaluate',
        params: { expression, returnByValue: true, awaitPromise: true },
      }),
    });
    const answer = await reply;
    await this.session.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    if (!answer.result) throw new Error(`evaluate failed: ${JSON.stringify(answer.error)}`);
    return answer.result.result.value;
  }

  /**
   * From now on, counts the document's calls of Audio's play() and how each ended, in
   * `globalThis.plays` (the document plays with `new Audio(src).play()`).
   */
  countPlays(): Promise<void> {
    return this.evaluate(`(() => {
      if (globalThis.plays) return;
      globalThis.plays = [];
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function () {
        const entry = { src: this.src, result: 'pending' };
        globalThis.plays.push(entry);
        const p = play.call(this);
        p.then(() => (entry.result = 'played'), (e) => (entry.result = String(e)));
        return p;
      };
    })()`);
  }

  plays(): Promise<{ src: string; result: string }[]> {
    return this.evaluate('globalThis.plays ?? []');
  }

  detach(): Promise<void> {
    return this.session.detach();
  }
}
