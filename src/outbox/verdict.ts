// What a failed attempt to send means for the message. Pure, so that "exactly once" is decided
// in one table-tested place: after any failure where X may have acted, the next attempt asks X
// before sending again.
import type { ChannelErrorKind, ChannelErrorReason } from '../channels/types.ts';

export interface FailureVerdict {
  /** wait: X's limit, not an attempt; retry: with back-off; look_up: ask X whether it is there; fail: for good. */
  then: 'wait' | 'retry' | 'look_up' | 'fail';
  /** X may have the message: the next attempt asks X (findSent) before it sends. */
  maybeSent: boolean;
}

export function failureVerdict(
  error: { kind: ChannelErrorKind | 'internal'; reason: ChannelErrorReason | null },
  /** uncertain: X may have the message and was not asked yet; lostBefore: an earlier attempt's answer was lost. */
  state: { uncertain: boolean; lostBefore: boolean; attempts: number; maxAttempts: number; uploading?: boolean },
): FailureVerdict {
  const verdict = decide(error, state);
  // A failed media upload comes before the send: the network cannot have the message.
  return state.uploading ? { ...verdict, maybeSent: false } : verdict;
}

function decide(error: Parameters<typeof failureVerdict>[0], state: Parameters<typeof failureVerdict>[1]): FailureVerdict {
  switch (error.kind) {
    // A limit (X's 429 or Parley's own pacing) means X did nothing with this call; what an earlier,
    // unanswered attempt may have done is still unknown.
    case 'rate_limit':
      return { then: 'wait', maybeSent: state.uncertain };
    // A timeout, a reset connection or a 5xx: X may have acted before the answer was lost.
    case 'transient':
      return { then: state.attempts >= state.maxAttempts ? 'fail' : 'retry', maybeSent: true };
    case 'permanent':
      // "Duplicate content" after an attempt whose answer was lost is that attempt's post. Without
      // one, it is an agent sending the same text again, which X refuses and so does Parley.
      if (error.reason === 'duplicate' && state.lostBefore) return { then: 'look_up', maybeSent: true };
      return { then: 'fail', maybeSent: false };
    case 'auth':
      return { then: 'fail', maybeSent: false };
    case 'internal':
      return { then: state.attempts >= state.maxAttempts ? 'fail' : 'retry', maybeSent: state.uncertain };
  }
}
