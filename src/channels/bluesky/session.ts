// An app-password session on the PDS (com.atproto.server.createSession), kept per account in this
// process and refreshed (refreshSession) before the access JWT expires: signing in again on every
// poll would soon hit the PDS's 30 sign-ins per 5 minutes.
import { t } from '../../i18n/index.ts';
import { createHash } from 'node:crypto';
import { callJson, endpointUrl, rateLimitFrom, type NetworkErrorRules } from '../http.ts';
import { ChannelError, type ChannelClientOptions } from '../types.ts';

export interface Session {
  did: string;
  handle: string;
  accessJwt: string;
  refreshJwt: string;
  /** When the access JWT expires, from its `exp` claim (epoch ms). */
  accessExpiresAt: number;
}

/** Refresh this long before the access JWT runs out, so no call is made with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export const RULES: NetworkErrorRules = {
  network: 'Bluesky',
  authStatuses: [401],
  retryAt(headers) {
    const reset = Number(headers.get('ratelimit-reset'));
    return Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000) : null;
  },
  rateLimit(headers) {
    return rateLimitFrom(headers.get('ratelimit-limit'), headers.get('ratelimit-remaining'), RULES.retryAt(headers));
  },
  message(body) {
    if (typeof body !== 'object' || body === null) return null;
    const { error, message } = body as { error?: unknown; message?: unknown };
    return typeof message === 'string' ? message : typeof error === 'string' ? error : null;
  },
};

const sessions = new Map<string, Promise<Session>>();

function expiryOf(jwt: string): number {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof payload.exp === 'number') return payload.exp * 1000;
  } catch {
    // an unreadable token is treated as short-lived below
  }
  return Date.now() + REFRESH_MARGIN_MS;
}

type Answer = { did: string; handle: string; accessJwt: string; refreshJwt: string };
const toSession = (a: Answer): Session => ({ ...a, accessExpiresAt: expiryOf(a.accessJwt) });

export class SessionKeeper {
  private readonly key: string;
  constructor(
    private readonly base: URL,
    private readonly options: ChannelClientOptions,
  ) {
    const { handle, appPassword } = options.credentials;
    if (!handle || !appPassword) throw new ChannelError('auth', t('channel.errors.blueskyNoLogin'));
    this.key = createHash('sha256').update(`${base.href}\n${handle}\n${appPassword}`).digest('hex');
  }

  /** A session whose access JWT is good for a while yet. */
  async current(): Promise<Session> {
    const held = sessions.get(this.key);
    const session = held ? await held.catch(() => null) : null;
    if (session && session.accessExpiresAt - Date.now() > REFRESH_MARGIN_MS) return session;
    return this.renew(session);
  }

  /** After the PDS said ExpiredToken: refresh now, whatever the clock says. */
  async expired(stale: Session): Promise<Session> {
    return this.renew(stale);
  }

  private renew(stale: Session | null): Promise<Session> {
    const next = (stale ? this.refresh(stale).catch(() => this.create()) : this.create()).catch((e: unknown) => {
      sessions.delete(this.key);
      throw e;
    });
    sessions.set(this.key, next);
    return next;
  }

  private async create(): Promise<Session> {
    const { handle, appPassword } = this.options.credentials;
    const answer = await callJson<Answer>(this.options, RULES, {
      method: 'POST',
      kind: 'write',
      endpoint: 'POST com.atproto.server.createSession',
      url: endpointUrl(this.base, '/xrpc/com.atproto.server.createSession'),
      body: { identifier: handle!.replace(/^@/, ''), password: appPassword },
    });
    return toSession(answer.data);
  }

  private async refresh(stale: Session): Promise<Session> {
    const answer = await callJson<Answer>(this.options, RULES, {
      method: 'POST',
      kind: 'write',
      endpoint: 'POST com.atproto.server.refreshSession',
      url: endpointUrl(this.base, '/xrpc/com.atproto.server.refreshSession'),
      headers: { authorization: `Bearer ${stale.refreshJwt}` },
    });
    return toSession(answer.data);
  }
}
