// The sizes Parley accepts, in one place (docs/operations.md lists them). Every text is checked
// before it reaches the database; pages and API share these through the services.

/** Ticket titles, as in OTRS (ticket.title is varchar(255) there). */
export const TITLE_MAX = 255;

/** Internal notes and the text of an article typed by an agent, in characters. */
export const ARTICLE_BODY_MAX = 100_000;

/** Names of agents, groups, queues, profiles (see names.ts). */
export const NAME_MAX = 200;

/** Comments and descriptions. */
export const COMMENT_MAX = 2000;

/** Length in characters (code points, as OTRS counts them). */
export function textLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
