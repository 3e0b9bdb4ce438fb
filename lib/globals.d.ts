/** Injected by wxt.config.ts at build time: the default server base URL. */
declare const __WXP_DEFAULT_SERVER__: string;
