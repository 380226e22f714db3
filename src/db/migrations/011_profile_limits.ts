import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// A profile's server limits (issue 14): what the profile's own server says about itself
// (Mastodon: configuration.statuses.max_characters and configuration.media_attachments of
// GET /api/v2/instance), as JSON, with the time it was read. Written when the profile is verified,
// refreshed by the worker at most hourly; the reply box and the checks before queueing use it.
// Null for networks with fixed rules (X, Bluesky) and for profiles not verified since.
// History lines "Sending to {network} failed" now name the network: the older ones were all X's.

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('social_profiles').addColumn('server_limits', 'text').execute();
  await db.schema.alterTable('social_profiles').addColumn('server_limits_at', 'text').execute();
  const failed = await sql<{ id: number; message_params: string | null }>`SELECT id, message_params FROM ticket_history WHERE message_key = 'history.sendFailed'`.execute(db);
  for (const row of failed.rows) {
    let params: Record<string, unknown> = {};
    try {
      params = row.message_params ? (JSON.parse(row.message_params) as Record<string, unknown>) : {};
    } catch {
      continue;
    }
    if (typeof params['network'] === 'string') continue;
    await sql`UPDATE ticket_history SET message_params = ${JSON.stringify({ ...params, network: 'X' })} WHERE id = ${row.id}`.execute(db);
  }
}
