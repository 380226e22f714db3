// Customer avatars in Parley's own storage (issue 12). A worker downloads each identity's picture
// once per address, through a profile of its network (only from that network's own media hosts,
// as attachments), checks that it is a PNG, JPEG, GIF or WebP, and stores it with the blobs; the
// pages show it from /api/v1/avatars/<identity>, and initials while there is none. An agent's
// browser never asks a network's host, so the CSP allows images from Parley alone.
import { ChannelError } from '../channels/types.ts';
import { clientForProfile } from '../channels/clients.ts';
import { addMs, growingMs, nowIso } from '../core/time.ts';
import type { IdentityRow, Db, ProfileRow } from '../db/schema.ts';
import type { Deps } from '../deps.ts';
import { createBlobStore } from './storage.ts';
import { imageTypeOf } from './magic.ts';

const AVATAR_MAX_BYTES = 2 * 1024 * 1024;
const AVATAR_ATTEMPTS = 5;
const AVATAR_TIMEOUT_MS = 15_000;
const AVATAR_LEASE_MS = 60_000;

type AvatarFields = Pick<IdentityRow, 'id' | 'avatar_url' | 'avatar_sha256' | 'avatar_source'>;

/** A picture inside the address itself (data:image/…): nothing to fetch, the browser shows it as is. */
export function inlineAvatar(url: string | null | undefined): url is string {
  return !!url && /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url) && url.length <= 64 * 1024;
}

/** Whether the identity's picture is still to be fetched: a web address not tried yet. */
export function avatarDue(i: Pick<AvatarFields, 'avatar_url' | 'avatar_source'>): boolean {
  return !!i.avatar_url && /^https?:\/\//i.test(i.avatar_url) && i.avatar_source !== i.avatar_url;
}

/** Where a page takes the picture from: Parley's copy, an inline picture, or null for initials. */
export function avatarSrc(i: AvatarFields | null | undefined): string | null {
  if (!i) return null;
  if (i.avatar_sha256) return `/api/v1/avatars/${i.id}?v=${i.avatar_sha256.slice(0, 16)}`;
  return inlineAvatar(i.avatar_url) ? i.avatar_url : null;
}

function avatarBackoffMs(attempt: number): number {
  return growingMs(attempt, 60_000, 24 * 3600_000, 4);
}

export interface AvatarStats {
  stored: number;
  retried: number;
  given_up: number;
}

/** Identities whose picture is due, claimed by this worker for a minute (any worker may run this). */
async function claimAvatars(db: Db, now: string, limit: number): Promise<IdentityRow[]> {
  const due = await db
    .selectFrom('customer_identities')
    .selectAll()
    .where('avatar_url', 'is not', null)
    .where((eb) => eb.or([eb('avatar_url', 'like', 'https://%'), eb('avatar_url', 'like', 'http://%')]))
    .where((eb) => eb.or([eb('avatar_source', 'is', null), eb('avatar_source', '<>', eb.ref('avatar_url'))]))
    .where((eb) => eb.or([eb('avatar_due_at', 'is', null), eb('avatar_due_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();
  const claimed: IdentityRow[] = [];
  const until = addMs(now, AVATAR_LEASE_MS);
  for (const row of due) {
    const r = await db
      .updateTable('customer_identities')
      .set({ avatar_due_at: until })
      .where('id', '=', row.id)
      .where('avatar_url', '=', row.avatar_url)
      .where((eb) => eb.or([eb('avatar_due_at', 'is', null), eb('avatar_due_at', '<=', now)]))
      // Still due: another worker may have stored it since this one read the row.
      .where((eb) => eb.or([eb('avatar_source', 'is', null), eb('avatar_source', '<>', eb.ref('avatar_url'))]))
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) claimed.push(row);
  }
  return claimed;
}

/** Downloads the pictures that are due; failures wait with back-off, and after the last attempt initials stay. */
export async function cacheAvatars(deps: Deps, opts: { limit?: number; timeoutMs?: number } = {}): Promise<AvatarStats> {
  const stats: AvatarStats = { stored: 0, retried: 0, given_up: 0 };
  const rows = await claimAvatars(deps.db, nowIso(), opts.limit ?? 10);
  if (rows.length === 0) return stats;
  // The valid profiles of the networks in this batch, once for all of its rows.
  const profiles = await deps.db
    .selectFrom('social_profiles')
    .selectAll()
    .where('type', 'in', [...new Set(rows.map((r) => r.network))])
    .where('validity', '=', 'valid')
    .where('account_id', 'is not', null)
    .orderBy('id')
    .execute();
  const ofNetwork = (network: string) => profiles.filter((p) => p.type === network).slice(0, 5);
  const outcomes = await Promise.all(rows.map((row) => cacheOne(deps, row, ofNetwork(row.network), opts.timeoutMs ?? AVATAR_TIMEOUT_MS)));
  for (const o of outcomes) stats[o] += 1;
  return stats;
}

async function cacheOne(deps: Deps, row: IdentityRow, profiles: readonly ProfileRow[], timeoutMs: number): Promise<keyof AvatarStats> {
  const url = row.avatar_url!;
  const log = deps.logger.child({ identity: row.id });
  const settle = (values: Partial<IdentityRow>) =>
    deps.db.updateTable('customer_identities').set(values).where('id', '=', row.id).where('avatar_url', '=', url).execute();
  const giveUp = async (reason: string): Promise<'given_up'> => {
    log.info({ reason }, 'customer avatar not stored; initials are shown');
    await settle({ avatar_source: url, avatar_due_at: null, avatar_attempts: 0 });
    return 'given_up';
  };
  /** Again after a growing wait, until the last attempt; then initials for good. */
  const later = async (reason: string): Promise<'retried' | 'given_up'> => {
    const attempts = row.avatar_attempts + 1;
    if (attempts >= AVATAR_ATTEMPTS) return giveUp(reason);
    await settle({ avatar_attempts: attempts, avatar_due_at: addMs(nowIso(), avatarBackoffMs(attempts)) });
    log.info({ reason, attempts }, 'customer avatar download failed; tried again later');
    return 'retried';
  };
  try {
    if (profiles.length === 0) return later('no valid profile of the network');
    const file = await downloadThroughAny(deps, profiles, url, timeoutMs);
    if (!file) return giveUp(`the ${row.network} channel does not download pictures`);
    const type = imageTypeOf(file.bytes);
    if (!type) return giveUp('not a PNG, JPEG, GIF or WebP picture');
    const stored = await createBlobStore(deps.config.attachmentsDir).put(deps.db, file.bytes);
    await settle({ avatar_sha256: stored.sha256, avatar_type: type, avatar_source: url, avatar_due_at: null, avatar_attempts: 0 });
    return 'stored';
  } catch (error) {
    if (error instanceof ChannelError && error.kind === 'permanent') return giveUp(error.message);
    if (!(error instanceof ChannelError)) log.error({ err: error }, 'customer avatar download failed unexpectedly');
    return later(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Through the first profile that may fetch the address: a picture on one Mastodon server is
 * fetched through the profile on that server (its own origin is the one it trusts), so a refusal by
 * one profile is not the last word while another of the network may still take it.
 */
async function downloadThroughAny(deps: Deps, profiles: readonly ProfileRow[], url: string, timeoutMs: number) {
  let refusal: unknown = null;
  for (const profile of profiles) {
    const client = clientForProfile(deps, profile);
    if (!client.downloadMedia) return null;
    try {
      return await client.downloadMedia({ url }, { maxBytes: AVATAR_MAX_BYTES, timeoutMs });
    } catch (error) {
      if (!(error instanceof ChannelError && error.kind === 'permanent')) throw error;
      refusal = error;
    }
  }
  throw refusal;
}
