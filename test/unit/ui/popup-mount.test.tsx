import { render } from 'preact';
import { afterEach, expect, it } from 'vitest';
import { mountList } from '../../../entrypoints/popup/mount';
import { createFakeWorker, settle, useLocale, waitFor } from './helpers';

let app: HTMLElement | undefined;

afterEach(() => {
  // Back to the document's own readyState (the prototype's getter).
  delete (document as { readyState?: unknown }).readyState;
  if (app) render(null, app);
  app?.remove();
});

const setReadyState = (value: DocumentReadyState) =>
  Object.defineProperty(document, 'readyState', { value, configurable: true });

it('mounts once the body is parsed when the code ran before it (nothing remembered)', async () => {
  // Arrange: the boot script started the code from the head; #app is not parsed yet.
  useLocale('en');
  const worker = await createFakeWorker();
  setReadyState('loading');

  // Act
  mountList('extName', worker.client);
  await settle();
  app = document.createElement('div');
  app.id = 'app';
  document.body.append(app);
  const beforeParsed = app.childElementCount;
  setReadyState('interactive');
  document.dispatchEvent(new Event('DOMContentLoaded'));

  // Assert: nothing rendered into a missing element, then the list once #app exists.
  expect(beforeParsed).toBe(0);
  await waitFor(() => expect(app!.querySelector('[data-testid="bound-view"]')).not.toBeNull());
});
