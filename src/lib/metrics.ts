// Prometheus figures of this process (prom-client): HTTP requests, X calls, ingested entities.
// Figures that live in the database (billing, outbox) are read when /metrics is scraped, so they
// are right whichever process did the work.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChannelCallEvent } from '../core/channel.ts';
import { callMicros, fromMicros, type PriceTable } from '../core/billing/prices.ts';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'parley_' });

export const httpRequests = new Counter({
  name: 'parley_http_requests_total',
  help: 'HTTP requests answered, by method, route pattern and status.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const xCalls = new Counter({
  name: 'parley_x_calls_total',
  help: 'Calls to the X API, by profile, endpoint and HTTP status ("none": no answer).',
  labelNames: ['profile', 'endpoint', 'status'] as const,
  registers: [registry],
});

export const xReturned = new Counter({
  name: 'parley_x_returned_resources_total',
  help: 'Resources X returned to this process, before X\'s same-day dedup, by profile and kind.',
  labelNames: ['profile', 'kind'] as const,
  registers: [registry],
});

export const xReturnedUsd = new Counter({
  name: 'parley_x_returned_usd_total',
  help: 'The list price of what X returned and did for this process (before same-day dedup).',
  labelNames: ['profile'] as const,
  registers: [registry],
});

export const ingested = new Counter({
  name: 'parley_ingested_entities_total',
  help: 'Inbound entities (posts, DMs) read from a network and stored, by profile and stream.',
  labelNames: ['profile', 'stream', 'result'] as const,
  registers: [registry],
});

export const billedResources = new Gauge({
  name: 'parley_x_billed_resources_month',
  help: 'Resources X billed this UTC month (after same-day dedup), by profile and kind.',
  labelNames: ['profile', 'kind'] as const,
  registers: [registry],
});

export const billedWrites = new Gauge({
  name: 'parley_x_billed_writes_month',
  help: 'Writes X billed this UTC month, by profile and kind.',
  labelNames: ['profile', 'kind'] as const,
  registers: [registry],
});

export const billedUsd = new Gauge({
  name: 'parley_x_billed_usd_month',
  help: 'What X billed this UTC month, in US dollars, by profile.',
  labelNames: ['profile'] as const,
  registers: [registry],
});

export const billedUsdToday = new Gauge({
  name: 'parley_x_billed_usd_today',
  help: 'What X billed this UTC day, in US dollars, by profile.',
  labelNames: ['profile'] as const,
  registers: [registry],
});

export const budgetUsd = new Gauge({
  name: 'parley_x_budget_usd_month',
  help: 'The monthly budget of a profile, in US dollars (absent: none).',
  labelNames: ['profile'] as const,
  registers: [registry],
});

export const outboxQueued = new Gauge({
  name: 'parley_outbox_queued',
  help: 'Outgoing messages waiting to be sent.',
  registers: [registry],
});

export const outboxOldestAge = new Gauge({
  name: 'parley_outbox_oldest_queued_age_seconds',
  help: 'Age of the oldest outgoing message still waiting (0 when none).',
  registers: [registry],
});

export function observeChannelCall(profile: { name: string }, e: ChannelCallEvent, prices: PriceTable): void {
  xCalls.inc({ profile: profile.name, endpoint: e.endpoint, status: e.status === null ? 'none' : String(e.status) });
  if (!e.billed) return;
  for (const r of e.billed.reads) xReturned.inc({ profile: profile.name, kind: r.kind });
  xReturnedUsd.inc({ profile: profile.name }, fromMicros(callMicros(e.billed, prices)));
}

export function observeIngest(profile: { name: string }, stream: string, stats: { created: number; appended: number; skipped: number; rejected: number }): void {
  for (const result of ['created', 'appended', 'skipped', 'rejected'] as const) {
    if (stats[result] > 0) ingested.inc({ profile: profile.name, stream, result }, stats[result]);
  }
}
