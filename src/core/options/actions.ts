// Screen and button names, as OTRS calls them, so ACLs written for OTRS (Possible/PossibleNot →
// Action, Frontend.Action) mean the same here.
export const ACTIONS = {
  zoom: 'AgentTicketZoom',
  lock: 'AgentTicketLock',
  owner: 'AgentTicketOwner',
  move: 'AgentTicketMove',
  note: 'AgentTicketNote',
  close: 'AgentTicketClose',
  pending: 'AgentTicketPending',
  priority: 'AgentTicketPriority',
  reply: 'AgentTicketCompose',
  newSocial: 'AgentTicketSocialNew',
  merge: 'AgentTicketMerge',
  link: 'AgentLinkObject',
  split: 'AgentSplitSelection',
  bulk: 'AgentTicketBulk',
} as const;

export type ActionName = (typeof ACTIONS)[keyof typeof ACTIONS];
export const ALL_ACTIONS: readonly ActionName[] = Object.values(ACTIONS);
