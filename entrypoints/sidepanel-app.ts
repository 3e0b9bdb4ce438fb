/**
 * The side panel's code as one classic script (docs/architecture.md §7), started by the boot
 * script (public/list-boot.js): the popup's list, with a client that opens a message's full
 * view inside the panel.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { createPanelClient } from '../lib/ui/panel-client';
import { takeEarlyStatus } from '../lib/ui/early-reads';
import { createWorkerClient } from '../lib/ui/worker-client';
import { mountList } from './popup/mount';

export default defineUnlistedScript(() =>
  mountList(
    'sidePanelTitle',
    createPanelClient(createWorkerClient(browser.runtime, takeEarlyStatus()), (url) =>
      location.assign(url),
    ),
  ),
);
