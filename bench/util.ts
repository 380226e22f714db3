import { createHmac } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import type { Db } from '../src/db/schema.ts';
import type { SecretBox } from '../src/lib/secrets.ts';
import { createSession, SESSION_COOKIE } from '../src/web/auth/sessions.ts';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))]! : NaN;
}

export function ms(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** True when the module is run directly (`node --import tsx bench/x.ts`). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url === `file://${process.argv[1]}`;
}

/** A logged-in browser's Cookie header for an agent (Hono's signed cookie: value.HMAC-SHA256). */
export async function sessionCookie(db: Db, secrets: SecretBox, agentId: number): Promise<string> {
  const { cookie } = await createSession(db, agentId);
  const signature = createHmac('sha256', secrets.derive('session-cookie')).update(cookie).digest('base64');
  return `${SESSION_COOKIE}=${encodeURIComponent(`${cookie}.${signature}`)}`;
}
