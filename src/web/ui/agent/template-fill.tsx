import { fillTemplateFor } from '../../../core/templates/service.ts';
import { loadTicketFor } from '../../../core/tickets/service.ts';
import { findProfile, limitsOf } from '../../../db/repos/profiles.ts';
import { idParam, pageActor, type Ctx } from '../helpers.ts';
import { BodyArea, Counter, countText, entityKindOf } from './compose.tsx';

/**
 * GET /ui/tickets/:id/template?templateId=N: the reply text replaced by the template, filled in on
 * the server, with the counter counting the filled-in text (both out of band).
 */
export async function templatePartial(c: Ctx) {
  const id = idParam(c);
  const templateId = Number(c.req.query('templateId'));
  if (!id) return c.notFound();
  if (!Number.isInteger(templateId) || templateId <= 0) return c.body(null, 204);
  const deps = c.get('deps');
  const actor = pageActor(c);
  const { ticket } = await loadTicketFor(deps.db, actor, id, 'rw');
  const { text } = await fillTemplateFor(deps.db, ticket, actor.id, templateId);
  const profileId = Number(c.req.query('profileId'));
  const profile = Number.isInteger(profileId) && profileId > 0 ? await findProfile(deps.db, profileId) : undefined;
  const check = countText(deps, profile?.type ?? 'twitter', entityKindOf(c.req.query('kind')), text, limitsOf(profile));
  return c.html(
    <>
      <BodyArea body={text} errors={{}} oob />
      <Counter id="compose-counter" check={check} oob />
    </>,
  );
}
