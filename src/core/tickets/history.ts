// OTRS's history types, so an OTRS user reads the ticket history as they know it.
export const HISTORY = {
  newTicket: 'NewTicket',
  followUp: 'FollowUp',
  stateUpdate: 'StateUpdate',
  lock: 'Lock',
  unlock: 'Unlock',
  ownerUpdate: 'OwnerUpdate',
  move: 'Move',
  priorityUpdate: 'PriorityUpdate',
  titleUpdate: 'TitleUpdate',
  addNote: 'AddNote',
  sendAnswer: 'SendAnswer',
  sendAutoReply: 'SendAutoReply',
  customerMessage: 'CustomerMessage',
  deliveryFailed: 'SendFailed',
  linkAdd: 'TicketLinkAdd',
  merged: 'Merged',
  misc: 'Misc',
  bulk: 'Bulk',
} as const;

export type HistoryType = (typeof HISTORY)[keyof typeof HISTORY];
