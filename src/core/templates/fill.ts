// Template variables, written as OTRS writes them so an OTRS admin's templates read the same.
// Tags are matched ignoring case; a known tag without a value and an unknown <OTRS_…> tag both
// become "-", as OTRS does, so a half-filled answer never goes out with a raw tag in it.

export interface TemplateContext {
  customer: { name: string; handle: string } | null;
  ticket: { number: string; title: string };
  agent: { firstName: string; lastName: string; login: string };
}

type Resolve = (x: TemplateContext) => string | undefined;

const fullName = (a: TemplateContext['agent']) => [a.firstName, a.lastName].filter(Boolean).join(' ') || a.login;

/** Every tag Parley fills, with what it stands for (docs/agent-interface.md lists the same). */
export const TEMPLATE_TAGS: Readonly<Record<string, { resolve: Resolve }>> = {
  OTRS_CUSTOMER_REALNAME: { resolve: (x) => x.customer?.name || x.customer?.handle },
  OTRS_CUSTOMER_HANDLE: { resolve: (x) => (x.customer?.handle ? `@${x.customer.handle}` : undefined) },
  OTRS_TICKET_TicketNumber: { resolve: (x) => x.ticket.number },
  OTRS_TICKET_Title: { resolve: (x) => x.ticket.title },
  OTRS_CURRENT_UserFirstname: { resolve: (x) => x.agent.firstName },
  OTRS_CURRENT_UserLastname: { resolve: (x) => x.agent.lastName },
  OTRS_CURRENT_UserFullname: { resolve: (x) => fullName(x.agent) },
  OTRS_CURRENT_UserLogin: { resolve: (x) => x.agent.login },
};

const BY_KEY = new Map(Object.entries(TEMPLATE_TAGS).map(([k, v]) => [k.toLowerCase(), v]));

/** The text an agent sends: every `<OTRS_…>` tag replaced, nothing else touched. */
export function fillTemplate(body: string, ctx: TemplateContext): string {
  return body.replace(/<(OTRS_[A-Za-z_]+)>/gi, (_tag, name: string) => {
    const value = BY_KEY.get(name.toLowerCase())?.resolve(ctx)?.trim();
    return value ? value : '-';
  });
}
