// The X (Twitter) channel: social media profiles of type "twitter".
import type { ChannelAdapter } from '../types.ts';
import { billedWriteOf } from './billing.ts';
import { createXClient } from './client.ts';
import { xSetup } from './setup.ts';
import { dmCatchingUp } from './dm-walk.ts';
import { checkMedia } from './media.ts';
import { checkText } from './text.ts';

export const xAdapter: ChannelAdapter = {
  type: 'twitter',
  channel: 'twitter',
  streams: ['mentions', 'dms'],
  credentialFields: [
    { name: 'consumerKey', secret: false },
    { name: 'consumerSecret', secret: true },
    { name: 'accessToken', secret: true },
    { name: 'accessTokenSecret', secret: true },
  ],
  createClient: createXClient,
  checkText,
  billedWrite: billedWriteOf,
  // A getter: the guide's words are looked up in the current language on every use.
  get setup() {
    return xSetup();
  },
  catchingUp: (stream, cursor) => (stream === 'dms' ? dmCatchingUp(cursor) : null),
  checkMedia,
  // X's one-to-one DM conversation id: the two user ids, smaller first.
  dmConversationKey: (a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? `dm:${BigInt(a) < BigInt(b) ? `${a}-${b}` : `${b}-${a}`}` : null),
};

export { DEFAULT_TIMEOUT_MS, DEFAULT_X_API_URL } from './api.ts';
