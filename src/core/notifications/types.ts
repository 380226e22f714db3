// What an agent is told about, and by which way. Pure data and decisions; the service writes them.

export const NOTIFICATION_TYPES = ['newTicket', 'followUp', 'deliveryFailed', 'moved', 'assigned'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NOTIFICATION_LABELS: Record<NotificationType, string> = {
  newTicket: 'A new ticket in one of my queues',
  followUp: 'A follow-up on a ticket I own (or, when nobody can hold it, in one of my queues)',
  deliveryFailed: 'A message of mine could not be delivered',
  moved: 'A ticket is moved into one of my queues',
  assigned: 'A ticket is assigned to me',
};

export interface Way {
  web: boolean;
  email: boolean;
}
export type NotifyPrefs = Record<NotificationType, Way>;

/** Everything in the bell; e-mail only for what is addressed to the agent personally, as OTRS ships it. */
export const DEFAULT_NOTIFY: NotifyPrefs = {
  newTicket: { web: true, email: false },
  followUp: { web: true, email: true },
  deliveryFailed: { web: true, email: true },
  moved: { web: true, email: false },
  assigned: { web: true, email: true },
};

/** Stored preferences over the defaults; a type or way missing from the stored JSON keeps its default. */
export function notifyPrefs(stored: string | null): NotifyPrefs {
  let parsed: unknown = null;
  try {
    parsed = stored ? JSON.parse(stored) : null;
  } catch {
    parsed = null;
  }
  const out = {} as NotifyPrefs;
  for (const t of NOTIFICATION_TYPES) {
    const s = parsed && typeof parsed === 'object' ? (parsed as Record<string, Partial<Way>>)[t] : undefined;
    out[t] = {
      web: typeof s?.web === 'boolean' ? s.web : DEFAULT_NOTIFY[t].web,
      email: typeof s?.email === 'boolean' ? s.email : DEFAULT_NOTIFY[t].email,
    };
  }
  return out;
}
