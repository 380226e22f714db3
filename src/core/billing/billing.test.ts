import { describe, expect, it } from 'vitest';
import { nextMonthStart, readingDecision } from './budget.ts';
import { formatUsd, priceOutbound } from './outbound.ts';
import { callMicros, parsePriceTable, X_PRICES, type BilledWriteKind } from './prices.ts';

describe('priceOutbound', () => {
  it.each<[BilledWriteKind, number, string]>([
    ['postWithUrl', 0, 'a post with a link: $0.20'],
    ['dm', 0, 'a direct message: $0.015'],
    ['summonedReply', 0, 'a reply: $0.01'],
    ['post', 0, 'a post: $0.015'],
    ['dm', 2, 'a direct message with 2 attachments: $0.025'],
    ['summonedReply', 1, 'a reply with 1 attachment: $0.015'],
  ])('%s with %i media → %s', (action, media, label) => {
    expect(priceOutbound(action, X_PRICES, media).label).toBe(label);
  });

  it('follows the configured table', () => {
    const prices = parsePriceTable('{"write":{"dm":0.02}}');
    expect(priceOutbound('dm', prices)).toEqual({ action: 'dm', usd: 0.02, label: 'a direct message: $0.02' });
  });
});

describe('formatUsd', () => {
  it.each([[0, '$0'], [0.2, '$0.20'], [0.015, '$0.015'], [0.001, '$0.001'], [12.5, '$12.50']])('%d → %s', (usd, text) => {
    expect(formatUsd(usd)).toBe(text);
  });
});

describe('parsePriceTable', () => {
  it('defaults to X prices and overrides only what is given', () => {
    expect(parsePriceTable(undefined)).toEqual(X_PRICES);
    const t = parsePriceTable('{"read":{"ownedPost":0.005}}');
    expect(t.read).toEqual({ ...X_PRICES.read, ownedPost: 0.005 });
    expect(t.write).toEqual(X_PRICES.write);
  });

  it.each([
    ['not json', /not JSON/],
    ['{"read":{"posts":1}}', /read/],
    ['{"write":{"dm":-1}}', /write\.dm/],
    ['{"read":{"user":"x"}}', /read\.user/],
    ['{"other":{}}', /PARLEY_X_PRICES/],
  ])('refuses %s', (json, message) => {
    expect(() => parsePriceTable(json)).toThrow(message);
  });
});

describe('callMicros', () => {
  it('prices each resource and the write exactly', () => {
    const call = { reads: [{ kind: 'ownedPost' as const, id: '1' }, { kind: 'user' as const, id: '2' }, { kind: 'dmEvent' as const, id: '3' }], write: null };
    expect(callMicros(call, X_PRICES)).toBe(1000 + 10_000 + 10_000);
    expect(callMicros({ reads: [], write: 'postWithUrl' }, X_PRICES)).toBe(200_000);
  });
});

describe('readingDecision', () => {
  const now = new Date('2026-12-15T10:00:00Z');
  it.each([
    [null, 999, false],
    [10, 9.99, false],
    [10, 10, true],
    [10, 10.01, true],
    [0, 0, true],
    [0.03, 0.005 + 0.005 + 0.01 + 0.01, true],
  ])('budget %s, month %d → paused %s', (budget, monthUsd, paused) => {
    expect(readingDecision({ monthlyBudgetUsd: budget, monthUsd }, now).paused).toBe(paused);
  });

  it('says when reading resumes: the first of next month, UTC', () => {
    const d = readingDecision({ monthlyBudgetUsd: 5, monthUsd: 5 }, now);
    expect(d).toMatchObject({ paused: true, resumesAt: '2027-01-01T00:00:00.000Z' });
    expect(nextMonthStart(new Date('2026-12-31T23:59:59Z'))).toBe('2027-01-01T00:00:00.000Z');
    expect(nextMonthStart(new Date('2027-01-31T12:00:00Z'))).toBe('2027-02-01T00:00:00.000Z');
  });
});
