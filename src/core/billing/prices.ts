// What a network bills, and what Parley meters: resources read (per resource returned) and
// write actions (per request). The defaults are X's pay-per-use prices (docs.x.com
// x-api/getting-started/pricing); an administrator replaces any of them with PARLEY_X_PRICES.
import { z } from 'zod';

export const BILLED_READS = ['post', 'ownedPost', 'user', 'dmEvent', 'media'] as const;
export const BILLED_WRITES = ['post', 'postWithUrl', 'summonedReply', 'dm', 'media'] as const;
export type BilledReadKind = (typeof BILLED_READS)[number];
export type BilledWriteKind = (typeof BILLED_WRITES)[number];

/** What one call cost: each resource the answer returned (with its id, for X's same-day dedup), or the write done. */
export interface BilledCall {
  reads: { kind: BilledReadKind; id: string }[];
  write: BilledWriteKind | null;
}

export interface PriceTable {
  read: Record<BilledReadKind, number>;
  write: Record<BilledWriteKind, number>;
}

/** X's published prices in US dollars (2026). "ownedPost": reading one's own mentions or posts as the app's owner. */
export const X_PRICES: PriceTable = {
  read: { post: 0.005, ownedPost: 0.001, user: 0.01, dmEvent: 0.01, media: 0.005 },
  write: { post: 0.015, postWithUrl: 0.2, summonedReply: 0.01, dm: 0.015, media: 0.005 },
};

const price = z.number().min(0).max(100);
const priceOverrides = z
  .object({
    read: z.object(Object.fromEntries(BILLED_READS.map((k) => [k, price.optional()]))).strict().optional(),
    write: z.object(Object.fromEntries(BILLED_WRITES.map((k) => [k, price.optional()]))).strict().optional(),
  })
  .strict();

/**
 * X_PRICES with the given overrides, e.g. `{"read":{"ownedPost":0.005}}` when the token's user
 * does not own the developer app. Throws a message naming the bad field.
 */
export function parsePriceTable(json: string | undefined): PriceTable {
  if (json === undefined || json.trim() === '') return X_PRICES;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('PARLEY_X_PRICES is not JSON.');
  }
  const parsed = priceOverrides.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`PARLEY_X_PRICES: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return {
    read: { ...X_PRICES.read, ...defined(parsed.data.read ?? {}) },
    write: { ...X_PRICES.write, ...defined(parsed.data.write ?? {}) },
  };
}

function defined<T>(o: Record<string, T | undefined>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Record<string, T>;
}

/** Dollars as whole micro-dollars: the unit Parley stores, so sums stay exact. */
export function toMicros(usd: number): number {
  return Math.round(usd * 1_000_000);
}

export function fromMicros(micros: number): number {
  return micros / 1_000_000;
}

/** The price of one call's billed resources and write, in micro-dollars. */
export function callMicros(call: BilledCall, prices: PriceTable): number {
  let micros = call.write ? toMicros(prices.write[call.write]) : 0;
  for (const r of call.reads) micros += toMicros(prices.read[r.kind]);
  return micros;
}
