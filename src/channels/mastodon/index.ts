// The Mastodon channel: social media profiles of type "mastodon", on any Mastodon server.
import type { ChannelAdapter } from '../types.ts';
import { checkMastodonCredential, mastodonSetup } from './setup.ts';
import { createMastodonClient } from './client.ts';
import { checkText } from './text.ts';
import { checkMastodonMedia, mediaConfigFromLimits } from './media.ts';

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
  // The profile's server limits (stored at verify, refreshed hourly by the worker); 500 without them.
  checkText: (kind, text, limits) => checkText(kind, text, limits?.maxCharacters),
  // A getter: the guide's words are looked up in the current language on every use.
  get setup() {
    return mastodonSetup();
  },
  checkCredential: checkMastodonCredential,
  checkMedia: (kind, files, limits) => checkMastodonMedia(kind, files, mediaConfigFromLimits(limits)),
  // Every direct status between the same people is one conversation: the other side's account id.
  dmConversationKey: (_accountId, recipientId) => `dm:${recipientId}`,
};
