// The X (Twitter) channel: social media profiles of type "twitter".
import type { ChannelAdapter } from '../types.ts';
import { createXClient } from './client.ts';
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
  checkMedia,
};

export { DEFAULT_TIMEOUT_MS, DEFAULT_X_API_URL } from './api.ts';
