import type { FC } from 'hono/jsx';
import { AppError } from '../../../core/errors.ts';
import { bulkUpdate, type BulkResult } from '../../../core/tickets/bulk.ts';
import { PRIORITIES } from '../../../core/tickets/priorities.ts';
import { AGENT_STATES, isPending, isStateName, stateTypeOf } from '../../../core/tickets/states.ts';
import { findTickets } from '../../../db/repos/tickets.ts';
import { CsrfField, Flash, Widget } from '../components.tsx';
import { csrf, form, formAll, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';
import { pendingUntilFrom } from './zoom-actions.ts';
import type { QueueViewData } from './queue-data.ts';
import { t } from '../../../i18n/index.ts';
import { pendingDefault, priorityLabel } from './bits.tsx';

// OTRS's bulk action in the queue view: tick tickets, choose what to change, and get a summary of
// what was done and what was refused (each ticket is checked on its own by the service).

const Choice: FC<{ id: string; name: string; label: string; options: readonly { value: string; label: string }[] }> = (p) => (
  <div>
    <label for={p.id}>{p.label}</label>
    <select id={p.id} name={p.name}>
      <option value="">{t('agent.bulk.noChange')}</option>
      {p.options.map((o) => (
        <option value={o.value}>{o.label}</option>
      ))}
    </select>
  </div>
);

/** The form the table's checkboxes belong to (`form="bulk"`); it stays while the list redraws. */
export const BulkForm: FC<{ d: QueueViewData; csrf: string | null }> = ({ d, csrf }) => (
  <Widget title={t('agent.bulk.title')} class="bulk-widget" id="bulk-widget">
    <form method="post" action="/tickets/bulk" id="bulk" class="filters bulk">
      <CsrfField token={csrf} />
      <p class="hint" id="bulk-count" aria-live="polite">
        {t('agent.bulk.hint')}
      </p>
      <Choice
        id="bulk-lock"
        name="lock"
        label={t('agent.bulk.lock')}
        options={[
          { value: 'lock', label: t('agent.bulk.doLock') },
          { value: 'unlock', label: t('agent.bulk.doUnlock') },
        ]}
      />
      <Choice id="bulk-owner" name="ownerId" label={t('agent.queue.owner')} options={d.agents.filter((a) => a.validity === 'valid').map((a) => ({ value: String(a.id), label: a.login }))} />
      <Choice id="bulk-state" name="state" label={t('agent.queue.state')} options={AGENT_STATES.map((s) => ({ value: s, label: t(`common.state.${s}`) }))} />
      <div class="pending-until">
        <label for="bulk-until">{t('agent.bulk.pendingUntil')}</label>
        <input id="bulk-until" name="pendingUntil" type="datetime-local" data-local-datetime data-default={pendingDefault()} />
        <input type="hidden" name="tzOffset" value="0" data-tz-offset />
      </div>
      <Choice id="bulk-queue" name="queueId" label={t('agent.queue.queue')} options={d.queues.map((q) => ({ value: String(q.id), label: q.name }))} />
      <Choice id="bulk-priority" name="priority" label={t('agent.queue.priority')} options={PRIORITIES.map((_, i) => ({ value: String(i + 1), label: priorityLabel(i + 1) }))} />
      <div class="bulk-note">
        <label for="bulk-note">{t('agent.bulk.note')}</label>
        <textarea id="bulk-note" name="note" rows={2}></textarea>
      </div>
      <div class="buttons">
        <button type="submit">{t('agent.bulk.submit')}</button>
      </div>
    </form>
  </Widget>
);

const Summary: FC<{ results: BulkResult[]; numbers: ReadonlyMap<number, string> }> = ({ results, numbers }) => {
  const done = results.filter((r) => r.ok);
  const refused = results.filter((r): r is Extract<BulkResult, { ok: false }> => !r.ok);
  const label = (id: number) => (numbers.has(id) ? `Ticket#${numbers.get(id)}` : t('agent.bulk.ticketId', { id }));
  return (
    <>
      <Flash kind={refused.length ? 'warn' : 'ok'} message={refused.length ? t('agent.bulk.summaryRefused', { done: done.length, count: results.length, refused: refused.length }) : t('agent.bulk.summary', { done: done.length, count: results.length })} />
      {done.length ? (
        <Widget title={t('agent.bulk.done', { count: done.length })}>
          <ul class="plain-list" id="bulk-done">
            {done.map((r) => (
              <li>
                <a href={`/tickets/${r.ticketId}`}>{label(r.ticketId)}</a> {r.ok ? r.ticket.title : ''}
              </li>
            ))}
          </ul>
        </Widget>
      ) : null}
      {refused.length ? (
        <Widget title={t('agent.bulk.refused', { count: refused.length })}>
          <ul class="plain-list" id="bulk-refused">
            {refused.map((r) => (
              <li>
                {numbers.has(r.ticketId) ? <a href={`/tickets/${r.ticketId}`}>{label(r.ticketId)}</a> : label(r.ticketId)}: {r.error.message}
              </li>
            ))}
          </ul>
        </Widget>
      ) : null}
    </>
  );
};

/** POST /tickets/bulk: runs the bulk change and shows the summary. */
export async function bulkSubmit(c: Ctx) {
  const actor = pageActor(c);
  const db = c.get('deps').db;
  const [f, ids] = await Promise.all([form(c), formAll(c, 'ticketId')]);
  const page = (status: number, body: unknown) => {
    c.status(status as 200);
    return c.html(
      <Page title={t('agent.bulk.title')} actor={actor} csrf={csrf(c)} nav="tickets">
        <h1>{t('agent.bulk.title')}</h1>
        {body as never}
        <p>
          <a class="button secondary" href="/tickets">
            {t('agent.bulk.back')}
          </a>
        </p>
      </Page>,
    );
  };
  try {
    const state = f['state'] || undefined;
    const pending = state !== undefined && isStateName(state) && isPending(stateTypeOf(state));
    const results = await bulkUpdate(db, actor, {
      ticketIds: ids.slice(0, 501).map(Number),
      lock: f['lock'] || undefined,
      ownerId: f['ownerId'] ? Number(f['ownerId']) : undefined,
      state,
      ...(pending ? { pendingUntil: pendingUntilFrom(f['pendingUntil'], f['tzOffset']) } : {}),
      queueId: f['queueId'] ? Number(f['queueId']) : undefined,
      priority: f['priority'] ? Number(f['priority']) : undefined,
      note: f['note'] || undefined,
    }, undefined, c.get('deps').config.requiredLock);
    const numbers = new Map((await findTickets(db, results.map((r) => r.ticketId).filter((id) => Number.isSafeInteger(id)))).map((t) => [t.id, t.number]));
    return page(200, <Summary results={results} numbers={numbers} />);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const messages = 'fields' in e ? Object.values((e as AppError & { fields: Record<string, string> }).fields) : [e.message];
    return page(e.status, <Flash kind="error" message={messages.join(' ')} />);
  }
}
