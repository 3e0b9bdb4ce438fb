import type { Deps } from '../deps';
import { detailPage, errorPage } from '../pages';
import { renderContent } from '../render';
import type { Route } from '../http/router';

/** The public message detail page `{baseUrl}/api/message/{qid}` (docs/protocol.md §7). */
export function detailRoutes(deps: Deps): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/message/:qid',
      page: true,
      handler: (ctx) => {
        const message = deps.store.messages.byQid(ctx.params.qid ?? '');
        if (!message) {
          return errorPage(404, 'Message not found', 'It was deleted, or is older than 7 days.');
        }
        const safe = renderContent(message.content, message.contentType);
        return detailPage(message.title, message.name, message.createTime, safe);
      },
    },
  ];
}
