import { browser } from 'wxt/browser';
import { createPanelClient } from '../../lib/ui/panel-client';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { mountList } from '../popup/mount';

// Mount only (docs/architecture.md §11): the popup's list, with a client that opens a
// message's full view inside the panel.
mountList(
  'sidePanelTitle',
  createPanelClient(createWorkerClient(browser.runtime), (url) => location.assign(url)),
);
