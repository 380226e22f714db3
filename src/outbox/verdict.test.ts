import { describe, expect, it } from 'vitest';
import { failureVerdict } from './verdict.ts';

const fresh = { uncertain: false, lostBefore: false, attempts: 1, maxAttempts: 6 };
const unsure = { uncertain: true, lostBefore: true, attempts: 2, maxAttempts: 6 };
const askedAfterLoss = { uncertain: false, lostBefore: true, attempts: 2, maxAttempts: 6 };
const last = { uncertain: false, lostBefore: false, attempts: 6, maxAttempts: 6 };

describe('failureVerdict', () => {
  it.each([
    ['a limit on a fresh attempt: wait, nothing sent', { kind: 'rate_limit', reason: null }, fresh, { then: 'wait', maybeSent: false }],
    ['a limit while still unsure of an earlier attempt: wait, still unsure', { kind: 'rate_limit', reason: null }, unsure, { then: 'wait', maybeSent: true }],
    ['a timeout or reset: retry, asking X first', { kind: 'transient', reason: null }, fresh, { then: 'retry', maybeSent: true }],
    ['a timeout on the last attempt: failed', { kind: 'transient', reason: null }, last, { then: 'fail', maybeSent: true }],
    ['duplicate content after a lost answer: look the post up', { kind: 'permanent', reason: 'duplicate' }, askedAfterLoss, { then: 'look_up', maybeSent: true }],
    ['duplicate content of a fresh message: failed, it is a second post', { kind: 'permanent', reason: 'duplicate' }, fresh, { then: 'fail', maybeSent: false }],
    ['too long: failed at once', { kind: 'permanent', reason: null }, unsure, { then: 'fail', maybeSent: false }],
    ['not summoned: failed at once', { kind: 'permanent', reason: 'not_summoned' }, fresh, { then: 'fail', maybeSent: false }],
    ['credentials refused: failed', { kind: 'auth', reason: null }, fresh, { then: 'fail', maybeSent: false }],
    ['an internal error: retry, unsure stays unsure', { kind: 'internal', reason: null }, unsure, { then: 'retry', maybeSent: true }],
  ] as const)('%s', (_, error, state, expected) => {
    expect(failureVerdict(error, state)).toEqual(expected);
  });
});
