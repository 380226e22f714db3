// What sending a message will cost, shown in the reply box before the agent sends it. The
// network's adapter says which write a message is (X: a URL in a post makes it the dear kind);
// this prices it.
import type { BilledWriteKind, PriceTable } from './prices.ts';

export interface OutboundCost {
  action: BilledWriteKind;
  usd: number;
  /** e.g. "a post with a link: $0.20". */
  label: string;
}

const LABELS: Record<BilledWriteKind, string> = {
  post: 'a post',
  postWithUrl: 'a post with a link',
  summonedReply: 'a reply',
  dm: 'a direct message',
  media: 'media',
};

export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  // Cents when they say it all, else X's own third decimal ($0.015).
  const cents = Math.round(usd * 100) / 100;
  return Math.abs(cents - usd) < 1e-9 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(6).replace(/0+$/, '')}`;
}

/** The price of one outgoing message: its write, plus a media-metadata write per attachment. */
export function priceOutbound(action: BilledWriteKind, prices: PriceTable, mediaCount = 0): OutboundCost {
  const media = Math.max(0, mediaCount);
  const usd = prices.write[action] + media * prices.write.media;
  const what = media > 0 ? `${LABELS[action]} with ${media} attachment${media === 1 ? '' : 's'}` : LABELS[action];
  return { action, usd, label: `${what}: ${formatUsd(usd)}` };
}
