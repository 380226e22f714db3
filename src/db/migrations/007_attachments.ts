import type { CreateTableBuilder, Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// Attachments of articles (media from X, files agents send) and their content, stored once per
// sha256 in `blobs`. An attachment from X starts as `pending` and is its own download job: the
// row carries the attempts, the next try and a lease, so a failed download is retried by any
// worker and never holds up ingestion.

type Table = CreateTableBuilder<any, any>;

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    // Null when the content lives in PARLEY_ATTACHMENTS_DIR instead.
    .addColumn('data', dialect === 'sqlite' ? 'blob' : 'bytea')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  let attachments: Table = db.schema.createTable('attachments');
  attachments = dialect === 'sqlite' ? attachments.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()) : attachments.addColumn('id', 'serial', (c) => c.primaryKey());
  await attachments
    .addColumn('article_id', 'integer', (c) => c.notNull())
    .addColumn('ticket_id', 'integer', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer')
    .addColumn('sha256', 'text')
    .addColumn('media_type', 'text')
    .addColumn('alt_text', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('external_media_id', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attachments_article').on('attachments').columns(['article_id', 'id']).execute();
  await db.schema.createIndex('attachments_due').on('attachments').columns(['status', 'next_attempt_at']).execute();

  // X's t.co links of an incoming message: JSON [{ url, expandedUrl, displayUrl }].
  await db.schema.alterTable('articles').addColumn('links', 'text').execute();
}
