// What sending the text being typed will cost on the profile's network, for the reply box.
import { priceOutbound, type OutboundCost } from '../../../core/billing/outbound.ts';
import type { Deps } from '../../../deps.ts';

/** `kind` as the forms send it: "reply" (public reply), "tweet" (a new post) or "dm". */
export function sendCost(deps: Pick<Deps, 'channels' | 'config'>, type: string, kind: string | undefined, text: string): OutboundCost | null {
  const adapter = deps.channels.get(type);
  if (!adapter?.billedWrite || type !== 'twitter') return null;
  const action = adapter.billedWrite({ kind: kind === 'dm' ? 'dm' : 'tweet', text: text.trim(), inReplyToExternalId: kind === 'reply' ? 'the post answered' : null });
  return priceOutbound(action, deps.config.xPrices);
}
