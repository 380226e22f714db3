import type { FC } from 'hono/jsx';
import { FilePicker } from './media.tsx';
import type { EntityKind, ServerLimits, TextCheck } from '../../../channels/types.ts';
import type { Deps } from '../../../deps.ts';
import { findProfile, limitsOf } from '../../../db/repos/profiles.ts';
import type { Errors } from '../components.tsx';
import type { Ctx } from '../helpers.ts';
import { form } from '../helpers.ts';
import type { OutboundCost } from '../../../core/billing/outbound.ts';
import { sendCost } from './cost.ts';
import type { ProfileOption } from './options.ts';
import { formatNumber, formatUsd, hasMessage, t } from '../../../i18n/index.ts';

// Writing to X: the live counter of X's weighted length and the reply box under the conversation.
// twitter-text has no browser build, so the server counts: htmx posts the text as one types.

export type ReplyKind = 'dm' | 'reply';

export const entityKindOf = (kind: string | undefined): EntityKind => (kind === 'dm' ? 'dm' : 'tweet');

/** The text as the profile's network counts it, against its server's own maximum where it has one (Mastodon). */
export function countText(deps: Deps, type: string, kind: EntityKind, text: string, limits?: ServerLimits | null): TextCheck {
  const adapter = deps.channels.get(type) ?? deps.channels.get('twitter');
  if (!adapter) return { ok: true, length: [...text].length, max: Number.POSITIVE_INFINITY, message: null };
  return adapter.checkText(kind, text.trim(), limits);
}

const fmt = (n: number) => formatNumber(n);

/** What the reader calls a profile of this network ("Twitter app", "Twitter-App"); else the adapter's word. */
export function profileNounOf(type: string | null | undefined, fallback: string): string {
  const key = `agent.profileNoun.${type ?? 'twitter'}`;
  return hasMessage(key) ? t(key) : fallback;
}

/** "123 / 280"; over the limit it says why, and app.js keeps the form from being sent. */
export const Counter: FC<{ id: string; check: TextCheck; oob?: boolean; cost?: OutboundCost | null }> = ({ id, check, oob, cost }) => {
  // An empty text is not "too long": the textarea's `required` covers it.
  const blocked = !check.ok && check.length > 0 && check.message !== null;
  return (
    <p class={blocked ? 'counter over' : 'counter'} id={id} data-blocked={blocked ? 'true' : 'false'} data-why={blocked ? (check.message ?? undefined) : undefined} hx-swap-oob={oob ? 'true' : undefined}>
      <span class="count">
        {fmt(check.length)} / {fmt(check.max)}
        <span class="sr-only"> {t('agent.compose.characters')}</span>
      </span>
      {blocked ? (
        <span class="why" role="status">
          {' '}
          {check.message}
        </span>
      ) : null}
      {cost ? (
        <span class="cost" data-usd={String(cost.usd)}>
          {' · '}
          {t('agent.compose.bills', { what: t(`agent.compose.cost.${cost.action}`), usd: formatUsd(cost.usd) })}
        </span>
      ) : null}
    </p>
  );
};

/** POST /ui/counter: the counter for the text being typed (htmx, on input). */
export async function counterPartial(c: Ctx) {
  const deps = c.get('deps');
  const f = await form(c);
  const id = /^[a-z][a-z0-9-]{0,40}$/.test(f['counter'] ?? '') ? f['counter']! : 'counter';
  const profileId = Number(f['profileId']);
  const profile = Number.isInteger(profileId) && profileId > 0 ? await findProfile(deps.db, profileId) : undefined;
  const type = profile?.type ?? 'twitter';
  const check = countText(deps, type, entityKindOf(f['kind']), f['body'] ?? '', limitsOf(profile));
  return c.html(<Counter id={id} check={check} cost={sendCost(deps, type, f['kind'], f['body'] ?? '')} />);
}

export interface ComposeProps {
  ticketId: number;
  csrf: string | null;
  profiles: readonly ProfileOption[];
  profileId: string;
  /** Which ways of answering this ticket has: a DM needs the customer's X account, a public reply a post. */
  possible: Record<ReplyKind, boolean>;
  /** Why a public reply is not possible, when X's summoned-reply rule is the reason. */
  replyNote?: string | null;
  kind: ReplyKind;
  body: string;
  check: TextCheck;
  /** What X bills for sending it (shown beside the counter). */
  cost?: OutboundCost | null;
  errors: Errors;
  /** The network's words for the labels ("X", "Twitter app"); X's when not given. */
  words?: { network: string; profileNoun: string };
  /** The valid templates of the ticket's queue. */
  templates?: readonly { id: number; name: string }[];
}

/** The reply's text; a chosen template replaces it (htmx, GET /ui/tickets/:id/template). */
export const BodyArea: FC<{ body: string; errors: Errors; oob?: boolean }> = (p) => (
  <textarea
    id="compose-body"
    name="body"
    required
    rows={4}
    data-ctrl-enter="submit"
    autofocus={Object.keys(p.errors).length > 0}
    aria-describedby={p.errors['body'] ? 'e-compose-body compose-counter' : 'compose-counter'}
    aria-invalid={p.errors['body'] ? 'true' : undefined}
    hx-swap-oob={p.oob ? 'true' : undefined}
  >
    {p.body}
  </textarea>
);

/** OTRS's template picker above the text: the server fills the variables in for this ticket. */
export const TemplatePicker: FC<{ ticketId: number; templates: readonly { id: number; name: string }[] }> = ({ ticketId, templates }) =>
  templates.length ? (
    <div class="field template-picker">
      <label for="compose-template">{t('agent.compose.template')}</label>
      <select
        id="compose-template"
        name="templateId"
        hx-get={`/ui/tickets/${ticketId}/template`}
        hx-trigger="change"
        hx-swap="none"
        hx-include="#compose-profile, #compose input[name=kind]:checked"
      >
        <option value="">{t('agent.compose.chooseTemplate')}</option>
        {templates.map((tk) => (
          <option value={String(tk.id)}>{tk.name}</option>
        ))}
      </select>
      <p class="hint">{t('agent.compose.templateHint')}</p>
    </div>
  ) : null;

export const Compose: FC<ComposeProps> = (p) => {
  const network = p.words?.network ?? 'X';
  const type = p.profiles.find((o) => o.value === p.profileId)?.profile.type ?? p.profiles[0]?.profile.type;
  return (
    <form
      method="post"
      action={`/tickets/${p.ticketId}/reply`}
      id="compose"
      class="compose"
      aria-labelledby="compose-title"
      enctype="multipart/form-data"
    >
      <input type="hidden" name="_csrf" value={p.csrf ?? ''} />
      <input type="hidden" name="counter" value="compose-counter" />
      <h2 id="compose-title">{t('agent.compose.title', { network })}</h2>
      <TemplatePicker ticketId={p.ticketId} templates={p.templates ?? []} />
      <div class="live" hx-post="/ui/counter" hx-trigger="input delay:200ms, change" hx-target="#compose-counter" hx-swap="outerHTML" hx-sync="this:queue last">
        <div class="compose-options">
          <div class={p.errors['profileId'] ? 'field error' : 'field'}>
            <label for="compose-profile">{profileNounOf(type, p.words?.profileNoun ?? 'Twitter app')}</label>
            <select id="compose-profile" name="profileId" aria-describedby={p.errors['profileId'] ? 'e-compose-profile' : undefined}>
              {p.profiles.map((o) => (
                <option value={o.value} selected={o.value === p.profileId}>
                  {o.label}
                </option>
              ))}
            </select>
            {p.errors['profileId'] ? (
              <p class="error-text" id="e-compose-profile" role="alert">
                {p.errors['profileId']}
              </p>
            ) : null}
          </div>
          <fieldset class={p.errors['kind'] ? 'kind error' : 'kind'}>
            <legend>{t('agent.compose.sendAs')}</legend>
            <label class="checkbox">
              <input type="radio" name="kind" value="dm" checked={p.kind === 'dm'} disabled={!p.possible.dm} />
              {t('agent.compose.dm')}
              {p.possible.dm ? null : <span class="hint"> {t('agent.compose.noCustomer', { network })}</span>}
            </label>
            <label class="checkbox">
              <input type="radio" name="kind" value="reply" checked={p.kind === 'reply'} disabled={!p.possible.reply} />
              {t('agent.compose.publicReply')}
              {p.possible.reply ? null : p.replyNote ? null : <span class="hint"> {t('agent.compose.noPost')}</span>}
            </label>
            {!p.possible.reply && p.replyNote ? (
              <p class="hint" id="compose-reply-note">
                {p.replyNote}
              </p>
            ) : null}
            {p.errors['kind'] ? (
              <p class="error-text" role="alert">
                {p.errors['kind']}
              </p>
            ) : null}
          </fieldset>
        </div>
        <div class={p.errors['body'] ? 'field error' : 'field'}>
          <label for="compose-body">{t('agent.compose.message')}</label>
          <BodyArea body={p.body} errors={p.errors} />
          {p.errors['body'] ? (
            <p class="error-text" id="e-compose-body" role="alert">
              {p.errors['body']}
            </p>
          ) : null}
          <Counter id="compose-counter" check={p.check} cost={p.cost ?? null} />
        </div>
      </div>
      <FilePicker id="compose-files" error={p.errors['files']} />
      <div class="buttons">
        <button type="submit" data-counter="compose-counter">
          {t('agent.compose.send')}
        </button>
        <span class="hint">
          <kbd>{t('agent.compose.ctrlKey')}</kbd>+<kbd>{t('agent.compose.enterKey')}</kbd> {t('agent.compose.sends')}
        </span>
      </div>
    </form>
  );
};
