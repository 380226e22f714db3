import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

// History lines and bell notifications in the reader's language (issue 13). As OTRS translates
// its history by type with the stored parameters, a row keeps its English `message` (the REST
// API's field) and adds the catalog key and the JSON parameters it was written from; the zoom,
// the bell and the e-mails render that in their reader's language. Old rows have neither and show
// their message.

export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  for (const table of ['ticket_history', 'notifications']) {
    await db.schema.alterTable(table).addColumn('message_key', 'text').execute();
    await db.schema.alterTable(table).addColumn('message_params', 'text').execute();
  }
}
