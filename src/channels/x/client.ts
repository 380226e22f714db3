// One X profile's client: the ChannelClient the worker, the outbox and the web use.
import { ChannelError, type AccountInfo, type ChannelClient, type ChannelClientOptions, type SocialUser } from '../types.ts';
import { createXApi, report } from './api.ts';
import { fetchDirectMessages } from './dm-walk.ts';
import { fetchMentions } from './fetch.ts';
import { downloadMedia, uploadMedia, type DownloadContext } from './media.ts';
import { USER_FIELDS, xSocialUser, type XUser } from './map.ts';
import { findSentDirectMessage, findSentTweet, postTweet, sendDirectMessage } from './send.ts';
import { checkText } from './text.ts';

const HANDLE = /^[A-Za-z0-9_]{1,15}$/;

export function createXClient(options: ChannelClientOptions): ChannelClient {
  const api = createXApi(options);
  let account: AccountInfo | null = options.account;

  async function verify(): Promise<AccountInfo> {
    const me = await api.get<{ data?: XUser }>('GET /2/users/me', 'users/me');
    if (!me.data) throw new ChannelError('transient', 'X did not say which account these credentials belong to.');
    account = { id: me.data.id, username: me.data.username, name: me.data.name };
    return account;
  }

  // Fetching and filtering need the account's id; a profile not yet verified learns it first.
  const knownAccount = async () => account ?? verify();
  const downloads: DownloadContext = {
    apiUrl: options.apiUrl,
    credentials: {
      consumerKey: options.credentials['consumerKey'] ?? '',
      consumerSecret: options.credentials['consumerSecret'] ?? '',
      accessToken: options.credentials['accessToken'] ?? '',
      accessTokenSecret: options.credentials['accessTokenSecret'] ?? '',
    },
    report: (event) => report(options, event),
    budget: options.rateBudget,
  };

  return {
    verify,

    async fetchInbound(stream, cursor, since) {
      const me = await knownAccount();
      return stream === 'mentions' ? fetchMentions(api, me, cursor, since) : fetchDirectMessages(api, me, cursor, since);
    },

    async send(message) {
      // A text X would refuse is refused here, without a (billed) call.
      const check = checkText(message.kind, message.text);
      // Media may go without words; any text there is must still be one X accepts.
      const mediaOnly = (message.mediaIds?.length ?? 0) > 0 && message.text.trim() === '';
      if (!check.ok && !mediaOnly) throw new ChannelError('permanent', check.message ?? 'X would not accept this text.');
      return message.kind === 'tweet' ? postTweet(api, account, message) : sendDirectMessage(api, account, message);
    },

    async findSent(message, since) {
      const me = await knownAccount();
      return message.kind === 'tweet' ? findSentTweet(api, me, message, since) : findSentDirectMessage(api, me, message, since);
    },

    downloadMedia: (source, limits) => downloadMedia(downloads, source, limits),
    uploadMedia: (file) => uploadMedia(api, file),

    async lookupUser(handle): Promise<SocialUser> {
      const username = handle.trim().replace(/^@/, '');
      if (!HANDLE.test(username)) throw new ChannelError('permanent', `"${handle}" is not an X handle (letters, digits and _, at most 15).`);
      const found = await api.get<{ data?: XUser }>('GET /2/users/by/username/:username', `users/by/username/${username}`, {
        'user.fields': USER_FIELDS,
      });
      if (!found.data) throw new ChannelError('permanent', `X has no user @${username}.`);
      return xSocialUser(found.data);
    },
  };
}
