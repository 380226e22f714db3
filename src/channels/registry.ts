import type { ChannelAdapter } from './types.ts';
import { blueskyAdapter } from './bluesky/index.ts';
import { mastodonAdapter } from './mastodon/index.ts';
import { xAdapter } from './x/index.ts';

/** Every network Parley speaks, by profile type. A new network is one more entry. */
export function defaultChannels(): ReadonlyMap<string, ChannelAdapter> {
  return new Map([xAdapter, mastodonAdapter, blueskyAdapter].map((a) => [a.type, a]));
}
