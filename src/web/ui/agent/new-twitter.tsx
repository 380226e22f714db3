import { AppError, forbidden } from '../../../core/errors.ts';
import { acceptFiles } from '../../../attachments/outgoing.ts';
import { FilePicker } from './media.tsx';
import { allowedActions } from '../../../core/options/acl.ts';
import { ACTIONS } from '../../../core/options/actions.ts';
import type { Actor } from '../../../core/tickets/service.ts';
import type { Deps } from '../../../deps.ts';
import { startSocialTicket } from '../../../outbox/new-ticket.ts';
import { limitsOf } from '../../../db/repos/profiles.ts';
import { Flash, Widget, type Errors } from '../components.tsx';
import { csrf, form, formFiles, pageActor, type Ctx } from '../helpers.ts';
import { Page } from '../layout.tsx';
import { Counter, countText, entityKindOf, profileNounOf } from './compose.tsx';
import { t } from '../../../i18n/index.ts';
import { sendCost } from './cost.ts';
import { profileOptions, queueOptions, type Option, type ProfileOption } from './options.ts';

// "New social media ticket" (the route keeps its name, /tickets/new-twitter): an agent starts a
// conversation — a public post, or a DM to an @handle — from a profile the ACLs leave them, on
// any network (X, Mastodon, Bluesky). The ticket holds the first article, sent by the outbox.

/** Fields the form shows an error beside; any other reason goes on top. */
const FIELDS = new Set(['profileId', 'to', 'body', 'title', 'queueId', 'files']);

interface Choices {
  profiles: ProfileOption[];
  queues: Option[];
}

async function choices(deps: Deps, actor: Actor): Promise<Choices> {
  const allowed = await allowedActions(deps.db, actor, null, [ACTIONS.newSocial], ACTIONS.newSocial);
  if (!allowed.has(ACTIONS.newSocial)) throw forbidden(t('agent.newTicket.aclRefused', { network: networkOf(deps).label }));
  const [profiles, queues] = await Promise.all([profileOptions(deps, actor, null, ACTIONS.newSocial), queueOptions(deps.db, actor, null, ACTIONS.newSocial)]);
  return { profiles, queues };
}

/** How the page names X: "Twitter" in the title (as the menu does), "X" for the network itself. */
function networkOf(deps: Pick<Deps, 'channels'>): { label: string; network: string } {
  const guide = deps.channels.get('twitter')?.setup;
  return { label: guide?.label ?? 'Twitter', network: guide?.network ?? 'X' };
}

/** The network a profile type speaks for ("X", "Mastodon", "Bluesky"). */
const networkName = (deps: Pick<Deps, 'channels'>, type: string) => deps.channels.get(type)?.setup?.network ?? type;

function renderForm(c: Ctx, ch: Choices, values: Record<string, string>, errors: Errors = {}) {
  const actor = pageActor(c);
  const deps = c.get('deps');
  const { label, network: xNetwork } = networkOf(deps);
  const title = t('layout.nav.newTicket', { network: label });
  const kind = values['kind'] === 'dm' ? 'dm' : 'tweet';
  const profile = ch.profiles.find((p) => p.value === values['profileId']) ?? ch.profiles[0];
  // Every profile the agent may use, of every network, each named with its network.
  const networks = [...new Set(ch.profiles.map((p) => networkName(deps, p.profile.type)))];
  const network = networks.length === 1 ? networks[0]! : xNetwork;
  const start = networks.length > 1 ? t('limits.newTicket.startAny') : t('agent.newTicket.start', { network });
  const body = values['body'] ?? '';
  const err = (name: string) =>
    errors[name] ? (
      <p class="error-text" id={`e-${name}`} role="alert">
        {errors[name]}
      </p>
    ) : null;
  const cls = (name: string) => (errors[name] ? 'field error' : 'field');
  return c.html(
    <Page title={title} actor={actor} csrf={csrf(c)} nav="new-ticket" wide>
      <h1>{title}</h1>
      <Flash kind="error" message={errors['_form']} />
      {ch.profiles.length === 0 ? (
        <Widget title={t('agent.newTicket.noProfileTitle', { noun: profileNounOf('twitter', 'Twitter app') })}>
          <p>{t('agent.newTicket.noProfile', { network })}</p>
        </Widget>
      ) : (
        <Widget title={start} class="new-social">
          <form method="post" action="/tickets/new-twitter" class="compose" id="new-social" enctype="multipart/form-data">
            <input type="hidden" name="_csrf" value={csrf(c) ?? ''} />
            <input type="hidden" name="counter" value="new-counter" />
            <div class="live" hx-post="/ui/counter" hx-trigger="input delay:200ms, change" hx-target="#new-counter" hx-swap="outerHTML" hx-sync="this:queue last">
              <div class="compose-options">
                <div class={cls('profileId')}>
                  <label for="f-profileId">
                    {profileNounOf(profile?.profile.type, 'Twitter app')}
                    <span class="req"> *</span>
                  </label>
                  <select id="f-profileId" name="profileId" required aria-describedby={errors['profileId'] ? 'e-profileId' : undefined} autofocus={!!errors['profileId']}>
                    {ch.profiles.map((o) => (
                      <option value={o.value} selected={o.value === profile?.value}>
                        {t('limits.newTicket.option', { profile: o.label, network: networkName(deps, o.profile.type) })}
                      </option>
                    ))}
                  </select>
                  {err('profileId')}
                </div>
                <fieldset class="kind">
                  <legend>{t('agent.compose.sendAs')}</legend>
                  <label class="checkbox">
                    <input type="radio" name="kind" value="tweet" checked={kind === 'tweet'} data-toggle-off="to-field" />
                    {t('agent.newTicket.publicPost')}
                  </label>
                  <label class="checkbox">
                    <input type="radio" name="kind" value="dm" checked={kind === 'dm'} data-toggle-on="to-field" />
                    {t('agent.compose.dm')}
                  </label>
                </fieldset>
              </div>
              <div class={cls('to')} id="to-field">
                <label for="f-to">{t('agent.newTicket.to')}</label>
                <input id="f-to" name="to" type="text" value={values['to'] ?? ''} placeholder="@handle" autocomplete="off" aria-describedby={errors['to'] ? 'e-to' : undefined} autofocus={!!errors['to']} />
                {err('to')}
              </div>
              <div class={cls('body')}>
                <label for="f-body">
                  {t('agent.compose.message')}
                  <span class="req"> *</span>
                </label>
                <textarea id="f-body" name="body" required rows={5} data-ctrl-enter="submit" aria-describedby={errors['body'] ? 'e-body new-counter' : 'new-counter'} autofocus={!!errors['body']}>
                  {body}
                </textarea>
                {err('body')}
                <Counter
                  id="new-counter"
                  check={countText(deps, profile?.profile.type ?? 'twitter', entityKindOf(kind), body, limitsOf(profile?.profile))}
                  cost={sendCost(c.get('deps'), profile?.profile.type ?? 'twitter', kind, body)}
                />
              </div>
            </div>
            <details class="more-fields" open={!!(values['title'] || values['queueId'] || errors['title'] || errors['queueId'])}>
              <summary>{t('agent.newTicket.more')}</summary>
              <div class={cls('title')}>
                <label for="f-title">{t('agent.queue.title')}</label>
                <input id="f-title" name="title" type="text" value={values['title'] ?? ''} placeholder={t('agent.newTicket.titlePlaceholder')} />
                {err('title')}
              </div>
              <div class={cls('queueId')}>
                <label for="f-queueId">{t('agent.queue.queue')}</label>
                <select id="f-queueId" name="queueId">
                  <option value="">{t('agent.newTicket.targetQueue')}</option>
                  {ch.queues.map((q) => (
                    <option value={q.value} selected={q.value === values['queueId']}>
                      {q.label}
                    </option>
                  ))}
                </select>
                {err('queueId')}
              </div>
            </details>
            <FilePicker id="new-files" error={errors['files']} />
            <div class="buttons">
              <button type="submit" data-counter="new-counter">
                {t('agent.newTicket.submit')}
              </button>
              <a class="button secondary" href="/tickets">
                {t('common.cancel')}
              </a>
            </div>
          </form>
        </Widget>
      )}
    </Page>,
  );
}

export async function newTwitterPage(c: Ctx) {
  const ch = await choices(c.get('deps'), pageActor(c));
  return renderForm(c, ch, {});
}

export async function newTwitterSubmit(c: Ctx) {
  const deps = c.get('deps');
  const actor = pageActor(c);
  const f = await form(c);
  const ch = await choices(deps, actor);
  try {
    const profile = ch.profiles.find((p) => p.value === f['profileId']);
    if (!profile) throw forbidden(t('agent.newTicket.profileRefused', { noun: profileNounOf('twitter', 'Twitter app') }), 'profileId');
    // The profile's target queue is a choice too: the Queue ACLs must leave it like any other.
    const queueId = f['queueId'] ? f['queueId'] : String(profile.profile.target_queue_id ?? '');
    if (!ch.queues.some((q) => q.value === queueId)) throw forbidden(t('agent.newTicket.queueRefused'), 'queueId');
    const files = await acceptFiles(await formFiles(c), deps.config.mediaMaxBytes);
    const { ticket } = await startSocialTicket(deps, actor, {
      files,
      profileId: profile.profile.id,
      kind: f['kind'] === 'dm' ? 'dm' : 'tweet',
      to: f['to'],
      body: f['body'] ?? '',
      title: f['title'],
      queueId: Number(queueId),
    });
    return c.redirect(`/tickets/${ticket.id}?saved=${encodeURIComponent(t('agent.newTicket.created', { number: ticket.number }))}`, 303);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    c.status(e.status as 400);
    const field = e.field && FIELDS.has(e.field) ? e.field : '_form';
    return renderForm(c, ch, f, { [field]: e.message });
  }
}
