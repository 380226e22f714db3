import { t } from '../../i18n/index.ts';

// What an agent is told about, and by which way. Pure data and decisions; the service writes them.

export const NOTIFICATION_TYPES = ['newTicket', 'followUp', 'deliveryFailed', 'moved', 'assigned'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** "A ticket is assigned to me": what a type means, in the reader's language. */
export function notificationLabel(type: NotificationType): string {
  return t(`notify.type.${type}`);
}

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
