import { apiUsage, pollState, streamCursors } from '../../db/repos/profiles.ts';
import type { Db } from '../../db/schema.ts';

/** What a profile has cost and how its polling goes: shown on its page and in the API. */
export interface ProfileStatus {
  apiCalls: { reads: number; writes: number; today: { reads: number; writes: number } };
  /** The streams' cursors, by stream: the adapter reads from them whether a backlog is being read. */
  cursors?: Record<string, string>;
  poll: { nextPollAt: string; lastPollAt: string | null; lastSuccessAt: string | null; lastError: string | null; lastErrorAt: string | null; failures: number } | null;
}

export async function profileStatus(db: Db, profileId: number): Promise<ProfileStatus> {
  const [apiCalls, state, cursors] = await Promise.all([apiUsage(db, profileId), pollState(db, profileId), streamCursors(db, profileId)]);
  return {
    apiCalls,
    cursors,
    poll: state
      ? {
          nextPollAt: state.next_poll_at,
          lastPollAt: state.last_poll_at,
          lastSuccessAt: state.last_success_at,
          lastError: state.last_error,
          lastErrorAt: state.last_error_at,
          failures: Number(state.failures),
        }
      : null,
  };
}
