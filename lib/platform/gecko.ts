/**
 * Firefox's add-on id (`browser_specific_settings.gecko.id`, wxt.config.ts). It keys the
 * add-on's storage and its listing on addons.mozilla.org, so it never changes once published;
 * the Firefox test harness pins the add-on's internal UUID by it.
 */
export const GECKO_ID = 'wxpusher-receiver@wxpusher-receiver.org';
