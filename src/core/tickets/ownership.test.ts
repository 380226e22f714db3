import { describe, expect, it } from 'vitest';
import { canHoldLock, decideRequiredLock, parseRequiredLock, REQUIRED_LOCK_ACTIONS, type RequiredLockAction } from './ownership.ts';

const ALL = new Set(REQUIRED_LOCK_ACTIONS);

describe('decideRequiredLock', () => {
  const cases: { name: string; action: RequiredLockAction; lock: string; owner: number; after?: string; configured: ReadonlySet<RequiredLockAction>; want: ReturnType<typeof decideRequiredLock> }[] = [
    { name: 'reply on an unlocked ticket owned by root takes it', action: 'reply', lock: 'unlock', owner: 1, configured: ALL, want: { take: true, ownerId: 7, lock: true } },
    { name: 'close on an unlocked ticket makes the actor owner, left unlocked', action: 'close', lock: 'unlock', owner: 1, after: 'closed', configured: ALL, want: { take: true, ownerId: 7, lock: false } },
    { name: 'moving a closed ticket: owner, but not locked', action: 'move', lock: 'unlock', owner: 1, after: 'closed', configured: ALL, want: { take: true, ownerId: 7, lock: false } },
    { name: 'move on an unlocked ticket takes it', action: 'move', lock: 'unlock', owner: 3, configured: ALL, want: { take: true, ownerId: 7, lock: true } },
    { name: 'owner change on an unlocked ticket takes it', action: 'owner', lock: 'unlock', owner: 1, configured: ALL, want: { take: true, ownerId: 7, lock: true } },
    { name: 'unlocked and owned by the actor still locks', action: 'reply', lock: 'unlock', owner: 7, configured: ALL, want: { take: true, ownerId: 7, lock: true } },
    { name: 'already locked by the actor: nothing to take', action: 'reply', lock: 'lock', owner: 7, configured: ALL, want: { take: false } },
    { name: 'locked by another: not this decision (the lock check refuses)', action: 'close', lock: 'lock', owner: 3, configured: ALL, want: { take: false } },
    { name: 'action not configured', action: 'move', lock: 'unlock', owner: 1, configured: new Set<RequiredLockAction>(['reply', 'close']), want: { take: false } },
    { name: 'nothing configured', action: 'reply', lock: 'unlock', owner: 1, configured: new Set(), want: { take: false } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(decideRequiredLock(c.action, { lock: c.lock, ownerId: c.owner, ...(c.after ? { stateTypeAfter: c.after } : {}) }, 7, c.configured)).toEqual(c.want));
  }
});

describe('parseRequiredLock', () => {
  const cases: { value: string | undefined; want: string[] }[] = [
    { value: undefined, want: ['reply', 'close', 'move', 'owner'] },
    { value: 'none', want: [] },
    { value: '', want: [] },
    { value: 'reply, Close', want: ['reply', 'close'] },
    { value: 'owner', want: ['owner'] },
  ];
  for (const c of cases) it(`${JSON.stringify(c.value)} → ${c.want.join(',') || 'none'}`, () => expect([...parseRequiredLock(c.value)].sort()).toEqual([...c.want].sort()));
  it('refuses an unknown action', () => expect(() => parseRequiredLock('reply,answer')).toThrow(/unknown action answer/));
});

describe('canHoldLock', () => {
  const cases = [
    { name: 'a valid agent with rw', owner: { ownerId: 5, valid: true, rwOnQueue: true }, want: true },
    { name: 'the system user never', owner: { ownerId: 1, valid: true, rwOnQueue: true }, want: false },
    { name: 'an invalid agent', owner: { ownerId: 5, valid: false, rwOnQueue: true }, want: false },
    { name: 'an agent without rw on the queue', owner: { ownerId: 5, valid: true, rwOnQueue: false }, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(canHoldLock(c.owner)).toBe(c.want));
});
