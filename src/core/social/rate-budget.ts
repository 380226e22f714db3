// Pacing by the network's own rate-limit answers. Every answer says how many calls are left on its
// endpoint until when; Parley keeps that per profile and endpoint (in the database, so that all
// workers share it) and spends it instead of finding the end of it through a 429.
import type { RateBudget, RateLimitState } from '../channel.ts';

/** Calls that may be made now. A window that is over is a fresh one; nothing known is no limit. */
export function availableCalls(state: RateLimitState | undefined, nowMs: number, reserve = 0): number {
  if (!state) return Number.POSITIVE_INFINITY;
  const left = Date.parse(state.resetAt) <= nowMs ? state.limit : state.remaining;
  return Math.max(0, left - reserve);
}

/**
 * Two reports of one endpoint, in whatever order they arrive: a later window wins; within one
 * window, the fewer calls left (answers to concurrent calls may be recorded out of order).
 */
export function mergeRateState(known: RateLimitState | undefined, reported: RateLimitState): RateLimitState {
  if (!known) return reported;
  const a = Date.parse(known.resetAt);
  const b = Date.parse(reported.resetAt);
  if (b > a) return reported;
  if (b < a) return known;
  return reported.remaining <= known.remaining ? reported : known;
}

/** When a call on an endpoint the budget has no room for may be made: at its reset. */
export function nextAllowedAt(state: RateLimitState | undefined, nowMs: number): Date | null {
  if (!state || availableCalls(state, nowMs) > 0) return null;
  return new Date(state.resetAt);
}

export function createRateBudget(initial: Iterable<[string, RateLimitState]> = []): RateBudget & { snapshot(): Map<string, RateLimitState> } {
  const states = new Map(initial);
  return {
    available: (endpoint, nowMs, reserve = 0) => availableCalls(states.get(endpoint), nowMs, reserve),
    resetAt: (endpoint) => {
      const state = states.get(endpoint);
      return state ? new Date(state.resetAt) : null;
    },
    record(endpoint, state) {
      states.set(endpoint, mergeRateState(states.get(endpoint), state));
    },
    snapshot: () => new Map(states),
  };
}
