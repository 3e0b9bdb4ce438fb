/**
 * The popup's code as one classic script (docs/architecture.md §7), started by the boot script
 * (public/list-boot.js) after its frame: one request instead of one per chunk.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { takeEarlyStatus } from '../lib/ui/early-reads';
import { createWorkerClient } from '../lib/ui/worker-client';
import { mountList } from './popup/mount';

export default defineUnlistedScript(() =>
  mountList('extName', createWorkerClient(browser.runtime, takeEarlyStatus())),
);
