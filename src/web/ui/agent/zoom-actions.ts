import { parseId } from '../../../core/ids.ts';
import { AppError, forbidden, invalid } from '../../../core/errors.ts';
import { ACTIONS, type ActionName } from '../../../core/options/actions.ts';
import { loadTicketFor, updateTicket, type Actor } from '../../../core/tickets/service.ts';
import { isPending, isStateName, stateTypeOf } from '../../../core/tickets/states.ts';
import type { QueueRow, TicketRow } from '../../../db/schema.ts';
import type { Deps } from '../../../deps.ts';
import { queueReply } from '../../../outbox/reply.ts';
import { retryDelivery } from '../../../outbox/retry.ts';
import { acceptFiles, addNoteWithFiles } from '../../../attachments/outgoing.ts';
import { form, formFiles, idParam, pageActor, type Ctx } from '../helpers.ts';
import { allStates, offers, zoomOptions, type ZoomOptions } from './options.ts';
import { canRetry, renderZoom, type ZoomState } from './zoom.tsx';
import { currentLocale, t, zonedToUtc } from '../../../i18n/index.ts';

// The zoom's forms. Each checks the action and the submitted value against the options the page
// was built from (permissions + ACLs), then calls the ticket service, which checks permission and
// lock again and writes the history. Success goes back to the zoom (303); a refusal shows the zoom
// with the message and the fitting status (400, 403, 409).

interface ActionContext {
  deps: Deps;
  actor: Actor;
  ticket: TicketRow;
  queue: QueueRow;
  options: ZoomOptions;
  f: Record<string, string>;
  /** The `files` parts of a multipart form (reply and note). */
  files: unknown[];
}

/** What a successful action reports: the flash text and where on the page to land. */
export interface Done {
  message: string;
  anchor?: string;
  /** Another ticket to land on (split: the new one; merge: the target). */
  goTo?: number;
}

export type Run = (x: ActionContext) => Promise<Done>;

export function handler(action: ActionName | null, run: Run, onError?: (f: Record<string, string>, e: AppError) => ZoomState) {
  return async (c: Ctx) => {
    const id = idParam(c);
    if (!id) return c.notFound();
    const deps = c.get('deps');
    const actor = pageActor(c);
    const f = await form(c);
    const files = await formFiles(c);
    try {
      const { ticket, queue } = await loadTicketFor(deps.db, actor, id, 'rw');
      const options = await zoomOptions(deps, actor, ticket, queue);
      if (action && !options.actions.has(action)) throw forbidden(t('zoom.error.acl', { action }));
      const done = await run({ deps, actor, ticket, queue, options, f, files });
      return c.redirect(`/tickets/${done.goTo ?? id}?saved=${encodeURIComponent(done.message)}${done.anchor ? `#${done.anchor}` : ''}`, 303);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      return renderZoom(c, id, { status: e.status, ...(onError ? onError(f, e) : { error: e.message }) });
    }
  };
}

/** `<input type=datetime-local>` is the agent's wall clock; app.js sends the zone offset with it. */
export function pendingUntilFrom(value: string | undefined, tzOffset: string | undefined): string | null {
  const v = (value ?? '').trim();
  if (!v) return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(v)) throw invalid('pendingUntil', t('zoom.error.pendingFormat'));
  // An agent with a time zone of their own means it in that zone, whatever the browser's clock says.
  const zone = currentLocale().timeZone;
  if (zone) return zonedToUtc(v.slice(0, 16), zone);
  const offset = Number(tzOffset);
  const minutes = Number.isInteger(offset) && Math.abs(offset) <= 14 * 60 ? offset : 0;
  const at = Date.parse(`${v}Z`);
  if (Number.isNaN(at)) throw invalid('pendingUntil', t('zoom.error.pendingFormat'));
  return new Date(at + minutes * 60_000).toISOString();
}

const lock: Run = async ({ deps, actor, ticket, f }) => {
  if (f['lock'] !== 'lock' && f['lock'] !== 'unlock') throw invalid('lock', t('zoom.error.lock'));
  await updateTicket(deps.db, actor, ticket.id, { lock: f['lock'] });
  return { message: f['lock'] === 'lock' ? t('zoom.done.locked') : t('zoom.done.unlocked') };
};

const owner: Run = async ({ deps, actor, ticket, options, f }) => {
  const chosen = options.owners.find((o) => o.value === f['ownerId']);
  if (!chosen) throw forbidden(t('zoom.error.owner'), 'ownerId');
  await updateTicket(deps.db, actor, ticket.id, { ownerId: Number(chosen.value) }, undefined, deps.config.requiredLock);
  return { message: chosen.value === String(ticket.owner_id) ? t('zoom.done.alreadyOwner', { owner: chosen.label }) : t('zoom.done.owner', { owner: chosen.label }) };
};

const state: Run = async ({ deps, actor, ticket, options, f }) => {
  const next = f['state'];
  if (!next) throw invalid('state', t('zoom.error.chooseState'));
  if (!offers(allStates(options.states), next)) {
    if (isStateName(next) && next === ticket.state) throw invalid('state', t('zoom.error.sameState', { state: t(`common.state.${next}`) }));
    throw forbidden(t('zoom.error.state', { state: isStateName(next) ? t(`common.state.${next}`) : next }), 'state');
  }
  const pending = isStateName(next) && isPending(stateTypeOf(next));
  const until = pending ? pendingUntilFrom(f['pendingUntil'], f['tzOffset']) : null;
  if (pending && !until) throw invalid('pendingUntil', t('zoom.error.pendingNeeded', { state: t(`common.state.${next}`) }));
  await updateTicket(deps.db, actor, ticket.id, { state: next, pendingUntil: until }, undefined, deps.config.requiredLock);
  return { message: t('zoom.done.state', { state: t(`common.state.${next}`) }) };
};

const move: Run = async ({ deps, actor, ticket, queue, options, f }) => {
  const target = options.queues.find((o) => o.value === f['queueId']);
  if (!target) {
    if (f['queueId'] === String(ticket.queue_id)) throw invalid('queueId', t('zoom.error.sameQueue', { queue: queue.name }));
    throw forbidden(t('zoom.error.queue'), 'queueId');
  }
  await updateTicket(deps.db, actor, ticket.id, { queueId: Number(target.value) }, undefined, deps.config.requiredLock);
  return { message: t('zoom.done.moved', { queue: target.label }) };
};

const priority: Run = async ({ deps, actor, ticket, options, f }) => {
  const chosen = options.priorities.find((o) => o.value === f['priority']);
  if (!chosen) throw forbidden(t('zoom.error.priority'), 'priority');
  await updateTicket(deps.db, actor, ticket.id, { priority: Number(chosen.value) });
  return { message: t('zoom.done.priority', { priority: chosen.label }) };
};

const note: Run = async ({ deps, actor, ticket, f, files }) => {
  const accepted = await acceptFiles(files, deps.config.mediaMaxBytes);
  const article = await addNoteWithFiles(deps, actor, ticket.id, f['body'] ?? '', accepted);
  return { message: t('zoom.done.note'), anchor: `a-${article.id}` };
};

const reply: Run = async ({ deps, actor, ticket, options, f, files }) => {
  const profile = options.profiles.find((o) => o.value === f['profileId']);
  if (!profile) throw forbidden(t('zoom.error.profile'), 'profileId');
  const kind = f['kind'] === 'dm' || f['kind'] === 'reply' ? f['kind'] : undefined;
  const accepted = await acceptFiles(files, deps.config.mediaMaxBytes);
  const article = await queueReply(deps, actor, ticket.id, { body: f['body'] ?? '', profileId: profile.profile.id, kind, files: accepted });
  return { message: kind === 'dm' ? t('zoom.done.dmQueued') : t('zoom.done.replyQueued'), anchor: `a-${article.id}` };
};

const REPLY_FIELDS = new Set(['body', 'profileId', 'kind', 'files']);

/**
 * A refused reply comes back with its text, profile and kind. A mistake in the text is shown beside
 * its field; a refusal (permission, ACL, lock) on top, where it shows even without the reply box.
 */
const keepReply = (f: Record<string, string>, e: AppError): ZoomState => {
  const onField = e.code === 'invalid_input' && e.field !== undefined && REPLY_FIELDS.has(e.field);
  return {
    error: onField ? null : e.message,
    compose: { body: f['body'] ?? '', profileId: f['profileId'], kind: f['kind'], errors: onField ? { [e.field!]: e.message } : {} },
  };
};

export function retry(c: Ctx) {
  const articleId = parseId(c.req.param('articleId')) ?? 0;
  return handler(ACTIONS.reply, async ({ deps, actor, ticket, options }) => {
    if (!canRetry(options)) throw forbidden(t('zoom.error.retry'));
    await retryDelivery(deps.db, actor, ticket.id, articleId);
    return { message: t('zoom.done.retried'), anchor: `a-${articleId}` };
  })(c);
}

export const zoomActions = {
  lock: handler(ACTIONS.lock, lock),
  owner: handler(ACTIONS.owner, owner),
  state: handler(null, state),
  queue: handler(ACTIONS.move, move),
  priority: handler(ACTIONS.priority, priority),
  note: handler(ACTIONS.note, note),
  reply: handler(ACTIONS.reply, reply, keepReply),
  retry,
};
