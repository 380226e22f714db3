import { addMs } from '../core/time.ts';
import type { Db } from '../db/schema.ts';

// Work that must happen once (polling a profile) is claimed through a lease row: whoever holds an
// unexpired lease owns the job; a dead worker's lease runs out and another takes the job over.

export async function acquireLease(db: Db, name: string, owner: string, ttlMs: number, now: string): Promise<boolean> {
  const expires = addMs(now, ttlMs);
  const row = await db
    .insertInto('leases')
    .values({ name, owner, expires_at: expires })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet({ owner, expires_at: expires })
        .where((eb) => eb.or([eb('leases.expires_at', '<', now), eb('leases.owner', '=', owner)])),
    )
    .returning('owner')
    .executeTakeFirst();
  return row?.owner === owner;
}

export async function releaseLease(db: Db, name: string, owner: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
}
