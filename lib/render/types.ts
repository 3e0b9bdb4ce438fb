/** The message fields the renderer reads. */
export interface RenderInput {
  content: string;
  contentType: number;
}

/** Visible strings, injected so the render module stays free of i18n and `browser.*`. */
export interface RenderLabels {
  /** Copy button label when a `<copy>` element has no text of its own. */
  copy: string;
  /**
   * Shown on a copy button for ~1.5 s after a successful copy, naming what was copied (a
   * preview); `differs` when that is not the button's own label.
   */
  copied: (preview: string, differs: boolean) => string;
  /** A copy button's tooltip: what it copies, and whether that differs from its label. */
  copyTitle: (preview: string, differs: boolean) => string;
  /** Shown on a copy button for ~1.5 s when `copyText` rejects. */
  copyFailed: string;
  /** The button above the content that loads blocked images. */
  loadImages: string;
  /** Placeholder text for a blocked image (followed by its alt text). */
  imageBlocked: string;
}

/** How `renderContent` treats images and copy buttons. */
export interface RenderOptions {
  /** Replace remote (http/https) images by placeholders until `loadImages()` is called. */
  blockImages: boolean;
  /** Writes to the clipboard; rejection shows `labels.copyFailed`. */
  copyText: (text: string) => Promise<void>;
  labels: RenderLabels;
}

/** What a render produced, and the one action it offers afterwards. */
export interface RenderResult {
  /** The open shadow root on the host (created once, reused by later renders). */
  shadowRoot: ShadowRoot;
  /** The element inside the shadow root that holds the rendered content. */
  body: HTMLElement;
  /** How many remote images were replaced by placeholders so far (0 when not blocking). */
  readonly blockedImages: number;
  /** Puts the blocked images back (they start loading now). Idempotent. */
  loadImages(): void;
  /** Settles when every part is in (long markdown renders its first screen first). */
  done: Promise<void>;
}
