import type { AgentPreferencesRow, Db } from '../schema.ts';

export function findPreferences(db: Db, agentId: number): Promise<AgentPreferencesRow | undefined> {
  return db.selectFrom('agent_preferences').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
}

export type PreferencesValues = Omit<AgentPreferencesRow, 'agent_id'>;

export async function savePreferences(db: Db, agentId: number, values: PreferencesValues): Promise<void> {
  await db
    .insertInto('agent_preferences')
    .values({ agent_id: agentId, ...values })
    .onConflict((oc) => oc.column('agent_id').doUpdateSet(values))
    .execute();
}
