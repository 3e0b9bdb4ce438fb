import { browser } from 'wxt/browser';
import { createWorkerClient } from '../../lib/ui/worker-client';
import { mountList } from './mount';

// Mount only (docs/architecture.md §11).
mountList('extName', createWorkerClient(browser.runtime));
