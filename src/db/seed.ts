import { generatePassword, hashPassword } from '../lib/passwords.ts';
import type { Db } from './schema.ts';
import { inTransaction } from './tx.ts';
import { nowIso } from '../core/time.ts';

export const ROOT_LOGIN = 'root@localhost';

export interface SeedResult {
  created: boolean;
  /** Set only when Parley generated the admin password; print it once. */
  generatedPassword: string | null;
}

/**
 * OTRS's default data on an empty database: groups users and admin, root@localhost in both with
 * rw, queues Raw, Junk and Misc. Does nothing once root exists.
 */
export async function seedDefaults(db: Db, adminPassword: string | null, opts: { passwordHash?: string } = {}): Promise<SeedResult> {
  return inTransaction(db, async (trx) => {
    const root = await trx.selectFrom('agents').select('id').where('login', '=', ROOT_LOGIN).executeTakeFirst();
    if (root) return { created: false, generatedPassword: null };
    const now = nowIso();
    const generated = adminPassword ? null : generatePassword();
    const passwordHash = opts.passwordHash ?? (await hashPassword(adminPassword ?? generated!));
    const rootRow = await trx
      .insertInto('agents')
      .values({
        login: ROOT_LOGIN,
        first_name: 'Admin',
        last_name: 'OTRS',
        email: 'root@localhost',
        password_hash: passwordHash,
        validity: 'valid',
        last_login_at: null,
        created_at: now,
        changed_at: now,
        created_by: 1,
        changed_by: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (rootRow.id !== 1) throw new Error('root@localhost must be agent 1 (the superuser); the agents table was not empty.');
    const audit = { created_at: now, changed_at: now, created_by: 1, changed_by: 1 };
    const groups = await trx
      .insertInto('groups')
      .values([
        { name: 'users', comment: 'Group for default access.', validity: 'valid', ...audit },
        { name: 'admin', comment: 'Group of all administrators.', validity: 'valid', ...audit },
      ])
      .returning(['id', 'name'])
      .execute();
    await trx
      .insertInto('agent_groups')
      .values(groups.map((g) => ({ agent_id: 1, group_id: g.id, permission: 'rw' })))
      .execute();
    const users = groups.find((g) => g.name === 'users')!;
    await trx
      .insertInto('queues')
      .values(
        [
          ['Raw', 'All default incoming tickets.'],
          ['Junk', 'All junk tickets.'],
          ['Misc', 'All misc tickets.'],
        ].map(([name, comment]) => ({
          name: name!,
          comment: comment!,
          group_id: users.id,
          validity: 'valid',
          follow_up: 'possible',
          follow_up_lock: 0,
          ...audit,
        })),
      )
      .execute();
    return { created: true, generatedPassword: generated };
  });
}
