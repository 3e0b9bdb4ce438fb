import type { Deps } from '../deps';
import { detailPage, errorPage } from '../pages';
import type { Route } from '../http/router';

/**
 * The public message detail page `{baseUrl}/api/message/{qid}` (docs/protocol.md §7). Its HTML
 * was rendered at send time, so a view costs a lookup, whatever the body holds; only contents
 * stored before the HTML was kept are rendered once here (through the bounded renderer).
 */
export function detailRoutes(deps: Deps): Route[] {
  const { messages } = deps.store;
  return [
    {
      method: 'GET',
      path: '/api/message/:qid',
      page: true,
      handler: async (ctx) => {
        const message = messages.detailByQid(ctx.params.qid ?? '');
        if (!message) {
          return errorPage(404, 'Message not found', 'It was deleted, or is older than 7 days.');
        }
        let html = message.html;
        if (html === null) {
          ({ html } = await deps.renderer.prepare(
            message.content,
            message.contentType,
            message.summary,
          ));
          messages.setContentHtml(message.contentId, html);
        }
        return detailPage(message.title, message.name, message.createTime, html);
      },
    },
  ];
}
