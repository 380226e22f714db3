// The Bluesky channel: social media profiles of type "bluesky", on bsky.social or any PDS.
import type { ChannelAdapter } from '../types.ts';
import { blueskySetup, checkBlueskyCredential } from './setup.ts';
import { createBlueskyClient } from './client.ts';
import { checkText } from './text.ts';
import { checkBlueskyMedia } from './media.ts';

export const blueskyAdapter: ChannelAdapter = {
  type: 'bluesky',
  channel: 'bluesky',
  repliesNeedSummons: false,
  streams: ['mentions', 'dms'],
  credentialFields: [
    { name: 'serviceUrl', secret: false },
    { name: 'handle', secret: false },
    { name: 'appPassword', secret: true },
  ],
  createClient: createBlueskyClient,
  checkText,
  // A getter: the guide's words are looked up in the current language on every use.
  get setup() {
    return blueskySetup();
  },
  checkCredential: checkBlueskyCredential,
  checkMedia: checkBlueskyMedia,
};

export { DEFAULT_SERVICE_URL } from './api.ts';
