import { describe, expect, it } from 'vitest';
import { fillTemplate, type TemplateContext } from './fill.ts';

const ctx: TemplateContext = {
  customer: { name: 'Carla Kunde', handle: 'carla' },
  ticket: { number: '2026120110000001', title: 'Order missing' },
  agent: { firstName: 'Bernd', lastName: 'Berger', login: 'bernd' },
};

describe('fillTemplate', () => {
  const cases: [string, string, TemplateContext, string][] = [
    ['customer name and handle', 'Hi <OTRS_CUSTOMER_REALNAME> (<OTRS_CUSTOMER_HANDLE>)!', ctx, 'Hi Carla Kunde (@carla)!'],
    ['ticket number and title', '#<OTRS_TICKET_TicketNumber>: <OTRS_TICKET_Title>', ctx, '#2026120110000001: Order missing'],
    ['agent names', '<OTRS_CURRENT_UserFirstname> <OTRS_CURRENT_UserLastname> / <OTRS_CURRENT_UserFullname> / <OTRS_CURRENT_UserLogin>', ctx, 'Bernd Berger / Bernd Berger / bernd'],
    ['tags ignore case', '<otrs_customer_realname>', ctx, 'Carla Kunde'],
    ['the same tag twice', '<OTRS_CUSTOMER_HANDLE> <OTRS_CUSTOMER_HANDLE>', ctx, '@carla @carla'],
    ['no display name: the handle', '<OTRS_CUSTOMER_REALNAME>', { ...ctx, customer: { name: '', handle: 'carla' } }, 'carla'],
    ['no customer: "-"', 'Hi <OTRS_CUSTOMER_REALNAME> <OTRS_CUSTOMER_HANDLE>', { ...ctx, customer: null }, 'Hi - -'],
    ['agent without names: full name is the login', '<OTRS_CURRENT_UserFullname>', { ...ctx, agent: { firstName: '', lastName: '', login: 'bernd' } }, 'bernd'],
    ['unknown OTRS tag: "-"', 'x <OTRS_CUSTOMER_Email> y', ctx, 'x - y'],
    ['other angle brackets stay', 'a <b> <OTRS_> c', ctx, 'a <b> <OTRS_> c'],
    ['a value that looks like a tag is not filled again', '<OTRS_TICKET_Title>', { ...ctx, ticket: { number: '1', title: '<OTRS_CURRENT_UserLogin>' } }, '<OTRS_CURRENT_UserLogin>'],
    ['plain text', 'Thanks!', ctx, 'Thanks!'],
  ];
  it.each(cases)('%s', (_name, body, c, expected) => {
    expect(fillTemplate(body, c)).toBe(expected);
  });
});
