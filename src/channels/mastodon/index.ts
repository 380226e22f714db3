// The Mastodon channel: social media profiles of type "mastodon", on any Mastodon server.
import type { ChannelAdapter } from '../types.ts';
import { checkMastodonCredential, mastodonSetup } from './setup.ts';
import { createMastodonClient } from './client.ts';
import { checkText } from './text.ts';
import { checkMastodonMedia } from './media.ts';

export const mastodonAdapter: ChannelAdapter = {
  type: 'mastodon',
  channel: 'mastodon',
  repliesNeedSummons: false,
  streams: ['mentions'],
  credentialFields: [
    { name: 'instanceUrl', secret: false },
    { name: 'accessToken', secret: true },
  ],
  createClient: createMastodonClient,
  checkText: (kind, text) => checkText(kind, text),
  // A getter: the guide's words are looked up in the current language on every use.
  get setup() {
    return mastodonSetup();
  },
  checkCredential: checkMastodonCredential,
  checkMedia: (kind, files) => checkMastodonMedia(kind, files),
};
