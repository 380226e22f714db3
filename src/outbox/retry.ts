import { invalid, notFound } from '../core/errors.ts';
import { HISTORY } from '../core/tickets/history.ts';
import { loadTicketFor, type Actor } from '../core/tickets/service.ts';
import { nowIso } from '../core/time.ts';
import { findArticle, setDelivery } from '../db/repos/articles.ts';
import { addHistory } from '../db/repos/tickets.ts';
import type { ArticleRow, Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { requeue } from './store.ts';
import { t } from '../i18n/index.ts';

/** "Retry" on a failed message: queued again with fresh attempts; the worker sends it. */
export async function retryDelivery(db: Db, actor: Actor, ticketId: number, articleId: number, now = nowIso()): Promise<ArticleRow> {
  return inTransaction(db, async (trx) => {
    const { ticket } = await loadTicketFor(trx, actor, ticketId, 'rw');
    const article = await findArticle(trx, articleId);
    if (!article || article.ticket_id !== ticket.id) throw notFound(t('errors.noun.article', { id: articleId }));
    if (article.delivery_status !== 'failed' || !(await requeue(trx, article.id, now))) {
      throw invalid('articleId', 'Only a message whose sending failed can be retried.');
    }
    await setDelivery(trx, article.id, 'queued');
    await addHistory(trx, [{ ticketId: ticket.id, type: HISTORY.sendAnswer, message: `Sending of article ${article.id} retried by ${actor.login}.`, key: 'history.retry', params: { id: String(article.id), login: actor.login }, createdBy: actor.id, createdAt: now }]);
    return (await findArticle(trx, article.id))!;
  });
}
