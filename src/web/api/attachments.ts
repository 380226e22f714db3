import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { acceptFiles, addNoteWithFiles } from '../../attachments/outgoing.ts';
import { presentAttachment } from '../../attachments/present.ts';
import { attachmentFile } from '../../attachments/serve.ts';
import { ARTICLE_BODY_MAX } from '../../core/limits.ts';
import { invalid } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { attachmentsOf } from '../../db/repos/attachments.ts';
import type { ArticleRow, Db } from '../../db/schema.ts';
import { queueReply } from '../../outbox/reply.ts';
import type { AppEnv } from '../context.ts';
import { apiRouter, errorResponses, IdParam } from './base.ts';
import { actor } from './guard.ts';
import { presentArticle } from './present.ts';

export const attachmentsApi = apiRouter();

/** Articles with their attachments (one query for all of them). */
export async function presentArticlesWithAttachments(db: Db, rows: readonly ArticleRow[]) {
  const files = await attachmentsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    ...presentArticle(r),
    attachments: (files.get(r.id) ?? []).map(presentAttachment),
    links: r.links ? (JSON.parse(r.links) as { url: string; expandedUrl: string; displayUrl: string }[]) : [],
  }));
}

attachmentsApi.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    tags: ['Tickets'],
    request: { params: IdParam },
    responses: {
      200: {
        description:
          "The file, from Parley's own storage, with the ticket's permissions. Images of safe types (PNG, JPEG, GIF, WebP) are inline; everything else is a download.",
        content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...errorResponses,
    },
  }),
  async (c) => attachmentFile(c.get('deps'), actor(c), c.req.valid('param').id) as never,
);

const MultipartArticle = z.object({
  body: z.string().max(ARTICLE_BODY_MAX).default(''),
  kind: z.enum(['reply', 'dm', 'note']).optional(),
  profileId: z.coerce.number().int().positive().optional(),
});

/**
 * POST /tickets/{id}/articles as multipart/form-data: the fields of the JSON form plus files
 * under `files`. A JSON body goes on to the JSON route.
 */
export async function multipartArticle(c: Context<AppEnv>, next: () => Promise<void>): Promise<Response | void> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) return next();
  const deps = c.get('deps');
  const a = actor(c);
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id <= 0) throw invalid('id', t('api.ticketIdPositive'));
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw invalid('body', t('api.multipartUnreadable'));
  }
  const known = new Set(['body', 'kind', 'profileId', 'files']);
  const unknown = Object.keys(form).find((k) => !known.has(k));
  if (unknown) throw invalid(unknown, t('api.unknownField', { key: unknown }));
  const parsed = MultipartArticle.safeParse({ body: single(form['body']), kind: single(form['kind']) || undefined, profileId: single(form['profileId']) || undefined });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(String(issue.path[0] ?? 'body'), issue.message);
  }
  const given = form['files'];
  const files = await acceptFiles(given === undefined ? [] : Array.isArray(given) ? given : [given], deps.config.mediaMaxBytes);
  const { kind, profileId, body } = parsed.data;
  let article: ArticleRow;
  if (kind === 'note') {
    article = await addNoteWithFiles(deps, a, id, body, files);
  } else {
    if (!body && files.length === 0) throw invalid('body', t('api.textEmpty'));
    article = await queueReply(deps, a, id, { body, kind, profileId, files });
  }
  const [presented] = await presentArticlesWithAttachments(deps.db, [article]);
  return c.json(presented, 201);
}

function single(value: unknown): string {
  if (Array.isArray(value)) throw invalid('body', t('api.fieldTwice'));
  return typeof value === 'string' ? value : '';
}
