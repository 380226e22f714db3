import { SUPERUSER_ID } from '../agents/permissions.ts';

// Who holds a ticket. Two decisions, both pure:
// - RequiredLock (OTRS's per-screen `RequiredLock` setting): an agent who answers, closes, moves or
//   re-assigns an unlocked ticket takes it — the ticket is locked and the agent becomes its owner
//   (for a change of owner, the chosen agent then owns it, locked, as AgentTicketOwner does).
// - The follow-up lock: a reopened ticket is locked to its owner only if that owner can hold it.

/** The actions RequiredLock can apply to; configured with `PARLEY_REQUIRED_LOCK`. */
export const REQUIRED_LOCK_ACTIONS = ['reply', 'close', 'move', 'owner'] as const;
export type RequiredLockAction = (typeof REQUIRED_LOCK_ACTIONS)[number];

/**
 * Reads `PARLEY_REQUIRED_LOCK`: unset means all four (OTRS's defaults for Compose, Close, Move and
 * Owner); `none` (or empty) means none; otherwise a comma-separated list. Unknown names throw, so a
 * typo is found at start, not on an agent's first reply.
 */
export function parseRequiredLock(value: string | undefined): ReadonlySet<RequiredLockAction> {
  if (value === undefined) return new Set(REQUIRED_LOCK_ACTIONS);
  const names = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0 || (names.length === 1 && names[0] === 'none')) return new Set();
  const unknown = names.filter((n) => !(REQUIRED_LOCK_ACTIONS as readonly string[]).includes(n));
  if (unknown.length) throw new Error(`PARLEY_REQUIRED_LOCK: unknown action ${unknown.join(', ')} (use ${REQUIRED_LOCK_ACTIONS.join(', ')} or none)`);
  return new Set(names as RequiredLockAction[]);
}

export interface LockedTicket {
  lock: 'lock' | 'unlock' | string;
  ownerId: number;
  /** The state type the ticket has after the action (closing, or moving a closed ticket). */
  stateTypeAfter?: string;
}

export type RequiredLockDecision =
  /** Nothing to take: the action is not configured, or the ticket is already locked. */
  | { take: false }
  /**
   * Make `ownerId` the owner and, unless the ticket ends closed, lock it. OTRS locks and then
   * unlocks on close; a closed ticket left locked (moving one, say) would be locked to nobody at
   * work on it, so Parley differs on purpose: closed tickets stay unlocked, with their new owner.
   */
  | { take: true; ownerId: number; lock: boolean };

/**
 * Whether `action` by `actorId` takes the ticket. A ticket locked by someone else is refused
 * elsewhere (the lock check); this only decides for unlocked tickets.
 */
export function decideRequiredLock(action: RequiredLockAction, ticket: LockedTicket, actorId: number, configured: ReadonlySet<RequiredLockAction>): RequiredLockDecision {
  if (!configured.has(action) || ticket.lock === 'lock') return { take: false };
  return { take: true, ownerId: actorId, lock: ticket.stateTypeAfter !== 'closed' };
}

export interface OwnerStanding {
  ownerId: number;
  /** The owner's validity is `valid`. */
  valid: boolean;
  /** The owner has rw on the group of the ticket's queue. */
  rwOnQueue: boolean;
}

/**
 * Whether the owner can hold a lock. The system user (root@localhost, the owner of every ticket
 * ingestion opens) never does: a ticket locked to it is locked to nobody who works on it.
 */
export function canHoldLock(owner: OwnerStanding): boolean {
  return owner.ownerId !== SUPERUSER_ID && owner.valid && owner.rwOnQueue;
}
