// The download queue: every attachment from a network is a `pending` row that any worker may
// claim (through a lease on the row), download once from the network's own hosts, and store.
// A failure is retried with growing back-off and, after the last attempt, stays on the article
// as a visible placeholder; polling never waits for any of it.
import { ChannelError, type ChannelClient, type MediaSource } from '../channels/types.ts';
import { pacedClientForProfile } from '../channels/clients.ts';
import { addMs, growingMs, nowIso } from '../core/time.ts';
import { claimDownloads, markDownloaded, markDownloadFailed, postponeDownload } from '../db/repos/attachments.ts';
import type { AttachmentRow, Db, ProfileRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { createBlobStore } from './storage.ts';

export const DEFAULT_MEDIA_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;

export interface DownloadOptions {
  owner: string;
  limit?: number;
  leaseMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  backoffMs?: (attempt: number) => number;
}

export interface DownloadStats {
  stored: number;
  retried: number;
  failed: number;
}

export function downloadBackoffMs(attempt: number): number {
  return growingMs(attempt, 10_000, 60 * 60_000);
}

/** The type to store: what the host sent, when it is a real media type; else what the network announced. */
export function storedType(announced: string, received: string): string {
  return /^(image|video|audio)\/[a-z0-9.+-]+$/.test(received) ? received : announced;
}

export async function downloadDue(deps: Deps, opts: DownloadOptions): Promise<DownloadStats> {
  const now = nowIso();
  const rows = await claimDownloads(deps.db, opts.owner, now, addMs(now, opts.leaseMs ?? 120_000), opts.limit ?? 10);
  const stats: DownloadStats = { stored: 0, retried: 0, failed: 0 };
  // One paced client per profile for the whole batch: its rate budget is shared by the downloads
  // side by side, so ten due files with one call left make one call, not ten.
  const clients = new Map<number, Promise<ChannelClient>>();
  const clientFor = (profile: ProfileRow) => {
    let client = clients.get(profile.id);
    if (!client) clients.set(profile.id, (client = pacedClientForProfile(deps, profile).then((p) => p.client)));
    return client;
  };
  const profileOf = await profilesOfArticles(deps.db, rows.map((r) => r.article_id));
  // Side by side: one slow file must not hold up the others.
  const outcomes = await Promise.all(rows.map((row) => downloadOne(deps, row, profileOf.get(row.article_id), opts, clientFor)));
  for (const outcome of outcomes) stats[outcome] += 1;
  return stats;
}

/** The profile each article came through, for a batch of downloads: two queries, not two per file. */
async function profilesOfArticles(db: Db, articleIds: readonly number[]): Promise<Map<number, ProfileRow>> {
  if (articleIds.length === 0) return new Map();
  const articles = await db.selectFrom('articles').select(['id', 'profile_id']).where('id', 'in', [...new Set(articleIds)]).execute();
  const profileIds = [...new Set(articles.flatMap((a) => (a.profile_id === null ? [] : [a.profile_id])))];
  const profiles = new Map(profileIds.length ? (await db.selectFrom('social_profiles').selectAll().where('id', 'in', profileIds).execute()).map((p) => [p.id, p]) : []);
  const out = new Map<number, ProfileRow>();
  for (const a of articles) {
    const profile = a.profile_id === null ? undefined : profiles.get(a.profile_id);
    if (profile) out.set(a.id, profile);
  }
  return out;
}

async function downloadOne(deps: Deps, row: AttachmentRow, profile: ProfileRow | undefined, opts: DownloadOptions, clientFor: (profile: ProfileRow) => Promise<ChannelClient>): Promise<keyof DownloadStats> {
  const log = deps.logger.child({ attachment: row.id, article: row.article_id });
  const maxAttempts = opts.maxAttempts ?? 8;
  const fail = async (message: string, final: boolean): Promise<'retried' | 'failed'> => {
    const last = final || row.attempts >= maxAttempts;
    await markDownloadFailed(deps.db, row.id, opts.owner, message, last ? null : addMs(nowIso(), (opts.backoffMs ?? downloadBackoffMs)(row.attempts)));
    log.warn({ error: message, attempts: row.attempts, final: last }, 'media download failed');
    return last ? 'failed' : 'retried';
  };
  try {
    if (!profile || !row.source) return fail('The article has no social media profile to download its media through.', true);
    // Paced: DM media comes through an API endpoint with its own limit, which polling shares.
    const client = await clientFor(profile);
    if (!client.downloadMedia) return fail(`The ${profile.type} channel cannot download media.`, true);
    const source = JSON.parse(row.source) as MediaSource;
    const file = await client.downloadMedia(source, {
      maxBytes: deps.config.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES,
      timeoutMs: opts.timeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
    });
    const stored = await createBlobStore(deps.config.attachmentsDir).put(deps.db, file.bytes);
    await markDownloaded(deps.db, row.id, opts.owner, { ...stored, contentType: storedType(row.content_type, file.contentType) });
    return 'stored';
  } catch (error) {
    // Parley's own pacing held the call back (no request was made): wait for the window without
    // counting an attempt. A host that answered 429 is an ordinary failure with its back-off.
    if (error instanceof ChannelError && error.kind === 'rate_limit' && error.status === null) {
      const until = new Date(Math.min(error.retryAt?.getTime() || Date.now() + 60_000, Date.now() + 3600_000)).toISOString();
      await postponeDownload(deps.db, row.id, opts.owner, until);
      log.info({ until }, 'media download waits for the rate limit');
      return 'retried';
    }
    if (error instanceof ChannelError) return fail(error.message, error.kind === 'permanent');
    log.error({ err: error }, 'media download failed unexpectedly');
    return fail('Parley could not store the media file (an internal error was logged).', false);
  }
}
