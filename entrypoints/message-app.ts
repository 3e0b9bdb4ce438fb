/**
 * The full message view's code as one classic script (docs/architecture.md §7): the page, its
 * framework and the HTML and markdown renderer in a single file, so opening the view costs one
 * request for its code instead of one per chunk. message.html runs it `defer`, after
 * message-early.js has started the read.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { mountMessageView } from './message/mount';

export default defineUnlistedScript(mountMessageView);
