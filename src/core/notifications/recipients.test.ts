import { describe, expect, it } from 'vitest';
import { decideRecipients, inMyQueues, type Candidate, type NotifyEvent } from './recipients.ts';
import { DEFAULT_NOTIFY, notifyPrefs } from './types.ts';

const agent = (agentId: number, over: Partial<Candidate> = {}): Candidate => ({ agentId, valid: true, canRead: true, myQueue: true, hasEmail: true, prefs: DEFAULT_NOTIFY, ...over });
const webOnly = notifyPrefs(JSON.stringify({ followUp: { email: false } }));
const nothing = notifyPrefs(JSON.stringify({ newTicket: { web: false, email: false } }));

describe('decideRecipients', () => {
  const anna = agent(2);
  const bernd = agent(3);
  const cases: { name: string; event: NotifyEvent; candidates: Candidate[]; actor: number | null; want: [number, boolean, boolean][] }[] = [
    { name: 'new ticket: the queue agents, web only by default', event: { type: 'newTicket' }, candidates: [anna, bernd], actor: null, want: [[2, true, false], [3, true, false]] },
    { name: 'new ticket: not the agents without the queue in My queues', event: { type: 'newTicket' }, candidates: [anna, agent(3, { myQueue: false })], actor: null, want: [[2, true, false]] },
    { name: 'new ticket: not invalid agents nor agents who cannot see the queue', event: { type: 'newTicket' }, candidates: [agent(2, { valid: false }), agent(3, { canRead: false })], actor: null, want: [] },
    { name: 'new ticket: an agent who switched it off', event: { type: 'newTicket' }, candidates: [agent(2, { prefs: nothing }), bernd], actor: null, want: [[3, true, false]] },
    { name: 'follow-up, owner holds it: the owner alone, web and e-mail', event: { type: 'followUp', ownerId: 2, ownerHolds: true }, candidates: [anna, bernd], actor: null, want: [[2, true, true]] },
    { name: 'follow-up, owner cannot hold it: the queue agents', event: { type: 'followUp', ownerId: 1, ownerHolds: false }, candidates: [anna, bernd, agent(4, { myQueue: false })], actor: null, want: [[2, true, true], [3, true, true]] },
    { name: 'follow-up: no e-mail without an address', event: { type: 'followUp', ownerId: 2, ownerHolds: true }, candidates: [agent(2, { hasEmail: false })], actor: null, want: [[2, true, false]] },
    { name: 'follow-up: e-mail switched off', event: { type: 'followUp', ownerId: 2, ownerHolds: true }, candidates: [agent(2, { prefs: webOnly })], actor: null, want: [[2, true, false]] },
    { name: 'delivery failed: the author', event: { type: 'deliveryFailed', authorId: 3 }, candidates: [anna, bernd], actor: null, want: [[3, true, true]] },
    { name: 'delivery failed: the system user has nobody to tell', event: { type: 'deliveryFailed', authorId: 1 }, candidates: [agent(1), anna], actor: null, want: [] },
    { name: 'assigned: the new owner', event: { type: 'assigned', ownerId: 3 }, candidates: [anna, bernd], actor: 2, want: [[3, true, true]] },
    { name: 'assigned to oneself: nobody', event: { type: 'assigned', ownerId: 2 }, candidates: [anna, bernd], actor: 2, want: [] },
    { name: 'moved: the queue agents but not the mover', event: { type: 'moved' }, candidates: [anna, bernd], actor: 2, want: [[3, true, false]] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(decideRecipients(c.event, c.candidates, c.actor).map((r) => [r.agentId, r.web, r.email])).toEqual(c.want));
  }
});

describe('inMyQueues', () => {
  it('never chosen: the queues with rw', () => {
    expect(inMyQueues(null, 5, true)).toBe(true);
    expect(inMyQueues(null, 5, false)).toBe(false);
  });
  it('chosen: exactly those', () => {
    expect(inMyQueues([5], 5, false)).toBe(true);
    expect(inMyQueues([], 5, true)).toBe(false);
  });
});

describe('notifyPrefs', () => {
  it('fills in defaults and ignores junk', () => {
    expect(notifyPrefs(null)).toEqual(DEFAULT_NOTIFY);
    expect(notifyPrefs('not json')).toEqual(DEFAULT_NOTIFY);
    expect(notifyPrefs(JSON.stringify({ moved: { email: true, web: 'x' } })).moved).toEqual({ web: true, email: true });
  });
});
