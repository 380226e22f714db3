// XRPC calls to the profile's PDS with the session's access JWT. Chat methods go to the same PDS
// with the atproto-proxy header naming Bluesky's chat service, which the PDS forwards them to.
import { t } from '../../i18n/index.ts';
import { callJson, endpointUrl, serverUrl } from '../http.ts';
import { ChannelError, type CallKind, type ChannelClientOptions } from '../types.ts';
import { RULES, SessionKeeper, type Session } from './session.ts';

export const CHAT_PROXY = 'did:web:api.bsky.chat#bsky_chat';
export const DEFAULT_SERVICE_URL = 'https://bsky.social';

export interface BlueskyApi {
  session(): Promise<Session>;
  get<T>(nsid: string, query?: Record<string, string | readonly string[] | undefined>): Promise<T>;
  post<T>(nsid: string, body: unknown): Promise<T>;
  /** A raw body (com.atproto.repo.uploadBlob): the bytes with their type. */
  upload<T>(nsid: string, bytes: Uint8Array, contentType: string): Promise<T>;
  base: URL;
}

export function createBlueskyApi(options: ChannelClientOptions): BlueskyApi {
  const base = serverUrl(options.credentials['serviceUrl'] || DEFAULT_SERVICE_URL, 'Bluesky');
  const keeper = new SessionKeeper(base, options);
  async function call<T>(method: 'GET' | 'POST', kind: CallKind, nsid: string, query: Record<string, string | readonly string[] | undefined>, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const attempt = async (s: Session) =>
      (
        await callJson<T>(options, RULES, {
          method,
          kind,
          endpoint: `${method} ${nsid}`,
          url: endpointUrl(base, `/xrpc/${nsid}`, query),
          headers: { authorization: `Bearer ${s.accessJwt}`, ...(nsid.startsWith('chat.bsky.') ? { 'atproto-proxy': CHAT_PROXY } : {}), ...extra },
          ...(body === undefined ? {} : { body }),
        })
      ).data;
    const session = await keeper.current();
    try {
      return await attempt(session);
    } catch (e) {
      // The JWT ran out between our clock and the PDS's: refresh once and ask again.
      if (e instanceof ChannelError && e.status === 400 && /expired/i.test(e.message)) return attempt(await keeper.expired(session));
      if (e instanceof ChannelError && e.status === 401 && nsid.startsWith('chat.bsky.')) {
        throw new ChannelError('auth', t('channel.errors.blueskyDmAccess', { message: e.message.replace(/\.$/, '') }), { status: 401 });
      }
      throw e;
    }
  }
  return {
    session: () => keeper.current(),
    get: (nsid, query = {}) => call('GET', 'read', nsid, query),
    post: (nsid, body) => call('POST', 'write', nsid, {}, body),
    upload: (nsid, bytes, contentType) => call('POST', 'write', nsid, {}, bytes, { 'content-type': contentType }),
    base,
  };
}
