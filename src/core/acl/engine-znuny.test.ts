// Cases from Znuny's own unit tests, restated for Parley: scripts/test/Ticket/TicketACL.t (T) and
// scripts/test/Ticket/TicketACL/Action.t (A). The test name is Znuny's; Znuny's screen parameters
// (Queue => 'Raw', Action => 'AgentTicketPhone', …) become the condition groups _GetChecks()
// builds from them.

import { describe, expect, it } from 'vitest';
import { compileAcls } from './compile.ts';
import { allowedActions, filterOptions } from './engine.ts';
import type { AclConditions, AclProperties, AclRecord, ChangeType } from './types.ts';

type Change = { Ticket?: Record<string, string[]> } & Partial<Record<Exclude<ChangeType, 'Ticket'>, string[]>>;
interface Spec {
  Properties?: AclConditions;
  PropertiesDatabase?: AclConditions;
  Possible?: Change;
  PossibleAdd?: Change;
  PossibleNot?: Change;
}
const acl = (Name: string, s: Spec): AclRecord => ({
  Name,
  Comment: '',
  Description: '',
  StopAfterMatch: 0,
  ValidID: 1,
  ConfigMatch: { ...(s.Properties ? { Properties: s.Properties } : {}), ...(s.PropertiesDatabase ? { PropertiesDatabase: s.PropertiesDatabase } : {}) },
  ConfigChange: {
    ...(s.Possible ? { Possible: s.Possible } : {}),
    ...(s.PossibleAdd ? { PossibleAdd: s.PossibleAdd } : {}),
    ...(s.PossibleNot ? { PossibleNot: s.PossibleNot } : {}),
  },
});

const STATES = { 1: 'new', 2: 'open', 3: 'closed' };
const NEW_OPEN = { 1: 'new', 2: 'open' };
const QUEUES = { 1: 'Raw', 2: 'PostMaster', 3: 'Junk', 4: 'Misc' };
const PRIOS = { 1: '1 very low', 2: '2 low', 3: '3 medium', 4: '4 high', 5: '5 very high' };
const pick = <T extends Record<number, string>>(d: T, ...ids: (keyof T)[]): Record<string, string> =>
  Object.fromEntries(ids.map((id) => [String(id), d[id] as string]));

interface Case {
  name: string;
  acls: AclRecord[];
  p?: AclProperties;
  d?: AclProperties;
  type?: string;
  sub: string;
  data: Record<string, string>;
  expected: Record<string, string>;
}

const q = (name: string): AclProperties => ({ Queue: { Name: name }, Ticket: { Queue: name } });
const queue1 = acl('Queue-1', { Properties: { Queue: { Name: ['Queue'] } }, PossibleNot: { Ticket: { State: ['open'] } } });

const ticketCases: Case[] = [
  // T: form-update tests
  { name: 'T ACL Queue-1 - wrong Queue', acls: [queue1], p: q('Raw'), sub: 'State', data: NEW_OPEN, expected: NEW_OPEN },
  { name: 'T ACL Queue-1 - wrong return sub type', acls: [queue1], p: q('Queue'), sub: 'Wrong', data: NEW_OPEN, expected: NEW_OPEN },
  { name: 'T ACL Queue-1 - correct Queue', acls: [queue1], p: q('Queue'), sub: 'State', data: NEW_OPEN, expected: pick(NEW_OPEN, 1) },
  {
    name: 'T ACL Service-1 - correct Service',
    acls: [acl('Service-1', { Properties: { Service: { Name: ['Service'] } }, Possible: { Ticket: { Priority: ['1 very low', '3 medium'] } } })],
    p: { Service: { Name: 'Service' } },
    sub: 'Priority',
    data: PRIOS,
    expected: pick(PRIOS, 1, 3),
  },
  {
    name: 'T ACL Type-1 - correct Type',
    acls: [acl('Type-1', { Properties: { Type: { Name: ['Type'] } }, Possible: { Ticket: { Queue: ['Raw'] } } })],
    p: { Type: { Name: 'Type' } },
    sub: 'Queue',
    data: QUEUES,
    expected: pick(QUEUES, 1),
  },
  {
    name: 'T ACL State-1 - correct State',
    acls: [acl('State-1', { Properties: { State: { Name: ['State'] } }, PossibleNot: { Ticket: { Queue: ['Raw'] } } })],
    p: { State: { Name: 'State' } },
    sub: 'Queue',
    data: QUEUES,
    expected: pick(QUEUES, 2, 3, 4),
  },
  {
    name: 'T ACL Owner-1 - correct Owner',
    acls: [acl('Owner-1', { Properties: { Owner: { UserLogin: ['agent'] } }, Possible: { Ticket: { State: ['open'] } } })],
    p: { Owner: { UserLogin: 'agent' } },
    sub: 'State',
    data: STATES,
    expected: pick(STATES, 2),
  },
  {
    name: 'T ACL Frontend-1 - correct Action',
    acls: [
      acl('Frontend-1', {
        Properties: { Frontend: { Action: ['AgentTicketPhone', 'AgentTicketEmail'] } },
        PossibleNot: { Ticket: { Priority: ['1 very low', '3 medium'] } },
      }),
    ],
    p: { Frontend: { Action: 'AgentTicketPhone' } },
    sub: 'Priority',
    data: PRIOS,
    expected: pick(PRIOS, 2, 4, 5),
  },
  {
    name: 'T ACL DynamicField-2 - DynamicField with zero value (bug#12273)',
    acls: [acl('DynamicField-2', { Properties: { DynamicField: { DynamicField_Field2: ['0'] } }, PossibleNot: { Ticket: { State: ['open'] } } })],
    p: { DynamicField: { DynamicField_Field2: ['0'] } },
    sub: 'State',
    data: STATES,
    expected: pick(STATES, 1, 3),
  },
  // T: database tests: the screen says NewQueue, the stored ticket is in Queue.
  ...(
    [
      ['A - Sent new queue, Wrong PropertiesDatabase', undefined, ['NewQueue'], 'new', NEW_OPEN],
      ['B - Sent new queue, Correct PropertiesDatabase', undefined, ['Queue'], 'open', pick(NEW_OPEN, 1)],
      ['C - Sent new queue, Wrong Properties, Correct PropertiesDatabase', ['Queue'], ['Queue'], 'new', NEW_OPEN],
      ['D - Sent new queue, Correct Properties, Correct PropertiesDatabase', ['NewQueue'], ['Queue'], 'new', pick(NEW_OPEN, 2)],
    ] as const
  ).map(
    ([label, props, db, not, expected]): Case => ({
      name: `T ACL DB-Queue-1-${label}`,
      acls: [
        acl('DB-Queue-1', {
          ...(props ? { Properties: { Queue: { Name: [...props] } } } : {}),
          PropertiesDatabase: { Queue: { Name: [...db] } },
          PossibleNot: { Ticket: { State: [not] } },
        }),
      ],
      p: q('NewQueue'),
      d: q('Queue'),
      sub: 'State',
      data: NEW_OPEN,
      expected,
    }),
  ),
  {
    // Znuny puts Frontend into both sets, so PropertiesDatabase sees the screen's Action.
    name: 'T ACL DB-Frontend-1 - correct Action',
    acls: [
      acl('DB-Frontend-1', {
        PropertiesDatabase: { Frontend: { Action: ['AgentTicketPhone', 'AgentTicketEmail'] } },
        PossibleNot: { Ticket: { Priority: ['1 very low', '3 medium'] } },
      }),
    ],
    p: { Frontend: { Action: 'AgentTicketPhone' } },
    sub: 'Priority',
    data: PRIOS,
    expected: pick(PRIOS, 2, 4, 5),
  },
  {
    name: 'T ACL DB-User-1 - Correct PropertiesDatabase (User is the same in both sets)',
    acls: [acl('DB-User-1-B', { PropertiesDatabase: { User: { UserLogin: ['agent'] } }, PossibleNot: { Ticket: { Priority: ['2 low'] } } })],
    p: { User: { UserLogin: 'agent' } },
    sub: 'Priority',
    data: PRIOS,
    expected: pick(PRIOS, 1, 3, 4, 5),
  },
  {
    name: 'T ACL DB-User-1 - Wrong Properties, Correct PropertiesDatabase',
    acls: [
      acl('DB-User-1-C', {
        Properties: { User: { UserLogin: ['other'] } },
        PropertiesDatabase: { User: { UserLogin: ['agent'] } },
        PossibleNot: { Ticket: { Priority: ['2 low'] } },
      }),
    ],
    p: { User: { UserLogin: 'agent' } },
    sub: 'Priority',
    data: PRIOS,
    expected: PRIOS,
  },
];

const raw = (name: string, s: Omit<Spec, 'Properties'>): AclRecord => acl(name, { Properties: { Queue: { Name: ['Raw'] } }, ...s });
const prio = (name: string, queue: string, acls: AclRecord[], expected: Record<string, string>): Case => ({
  name: `T ${name}`,
  acls,
  p: q(queue),
  sub: 'Priority',
  data: PRIOS,
  expected,
});
const notAcl = (values: string[]): AclRecord[] => [
  acl('Not-Queue-Raw', { Properties: { Queue: { Name: values } }, Possible: { Ticket: { Priority: ['1 very low', '3 medium'] } } }),
];

const specialCases: Case[] = [
  prio('ACL Queue - Using [Not]', 'Misc', notAcl(['[Not]Raw']), pick(PRIOS, 1, 3)),
  prio('ACL Queue - Using [Not] Negated Queue', 'Raw', notAcl(['[Not]Raw']), PRIOS),
  prio('ACL Queue - Using [Not] in an Array', 'Misc', notAcl(['[Not]Raw', '[Not]Postmaster']), pick(PRIOS, 1, 3)),
  // Values of one key are OR-ed: with Raw, '[Not]Postmaster' still holds.
  prio('ACL Queue - Using [Not] in an Array, queue Raw', 'Raw', notAcl(['[Not]Raw', '[Not]Postmaster']), pick(PRIOS, 1, 3)),
  prio('ACL Queue - Using [NotRegExp]', 'Misc', notAcl(['[NotRegExp]HW']), pick(PRIOS, 1, 3)),
  prio('ACL Queue - Using [NotRegExp] Negated Queue', 'Raw', notAcl(['[NotRegExp]aw']), PRIOS),
  prio('ACL Queue - Using [NotRegExp] in an Array', 'Misc', notAcl(['[NotRegExp]aw', '[NotRegExp]master']), pick(PRIOS, 1, 3)),
  prio('ACL Queue - Using [Notregexp]', 'Misc', notAcl(['[Notregexp]HW']), pick(PRIOS, 1, 3)),
  prio('ACL Queue - Using [Notregexp] Negated Queue', 'Raw', notAcl(['[Notregexp]ra']), PRIOS),
  prio('ACL Queue - Using [Notregexp] in an Array', 'Misc', notAcl(['[Notregexp]ra', '[Notregexp]master']), pick(PRIOS, 1, 3)),
  prio(
    'ACL Queue - Possible/PossibleNot',
    'Raw',
    [
      raw('Queue-Possible-Priority', { Possible: { Ticket: { Priority: ['1 very low', '2 low', '3 medium'] } } }),
      raw('Queue-Possible-Priority2', { PossibleNot: { Ticket: { Priority: ['2 low'] } } }),
    ],
    pick(PRIOS, 1, 3),
  ),
  prio(
    'ACL Queue - Possible/PossibleNot Join',
    'Raw',
    [raw('Queue-Possible-Priority', { Possible: { Ticket: { Priority: ['1 very low', '2 low', '3 medium'] } }, PossibleNot: { Ticket: { Priority: ['2 low'] } } })],
    pick(PRIOS, 1, 3),
  ),
  prio('ACL Queue - PossibleNot only', 'Raw', [raw('Queue-Possible-Priority2', { PossibleNot: { Ticket: { Priority: ['2 low'] } } })], pick(PRIOS, 1, 3, 4, 5)),
  prio(
    'ACL DB-User-1 - Possible/PossibleAdd',
    'Raw',
    [
      raw('DB-User-1-D', { Possible: { Ticket: { Priority: ['1 very low', '3 medium'] } } }),
      raw('DB-User-1-E', { PossibleAdd: { Ticket: { Priority: ['4 high'] } } }),
    ],
    pick(PRIOS, 1, 3, 4),
  ),
  prio(
    'ACL DB-User-1 - Possible/PossibleAdd/Possible',
    'Raw',
    [
      raw('DB-User-1-D', { Possible: { Ticket: { Priority: ['1 very low', '3 medium'] } } }),
      raw('DB-User-1-E', { PossibleAdd: { Ticket: { Priority: ['4 high'] } } }),
      raw('DB-User-1-F', { Possible: { Ticket: { Priority: ['4 high'] } } }),
    ],
    pick(PRIOS, 4),
  ),
  prio(
    'ACL Queue - PossibleNot/PossibleAdd',
    'Raw',
    [
      raw('Queue-Possible-Priority1', { PossibleNot: { Ticket: { Priority: ['1 very low', '2 low'] } } }),
      raw('Queue-Possible-Priority2', { PossibleAdd: { Ticket: { Priority: ['2 low'] } } }),
    ],
    pick(PRIOS, 2, 3, 4, 5),
  ),
  prio(
    'ACL Queue - PossibleNot/Possible (a later Possible undoes an earlier PossibleNot)',
    'Raw',
    [
      raw('Queue-Possible-Priority1', { PossibleNot: { Ticket: { Priority: ['2 low'] } } }),
      raw('Queue-Possible-Priority2', { Possible: { Ticket: { Priority: ['1 very low', '2 low', '3 medium'] } } }),
    ],
    pick(PRIOS, 1, 2, 3),
  ),
  prio(
    'ACL Queue - Possible/PossibleAdd/PossibleNot',
    'Raw',
    [
      raw('Queue-Possible-Priority1', { Possible: { Ticket: { Priority: ['1 very low', '2 low'] } } }),
      raw('Queue-Possible-Priority2', { PossibleAdd: { Ticket: { Priority: ['2 low', '3 medium', '4 high'] } } }),
      raw('Queue-Possible-Priority3', { PossibleNot: { Ticket: { Priority: ['3 medium'] } } }),
    ],
    pick(PRIOS, 1, 2, 4),
  ),
];

describe('Znuny TicketACL.t cases', () => {
  it.each([...ticketCases, ...specialCases])('$name', (c) => {
    const out = filterOptions({
      acls: compileAcls(c.acls),
      properties: c.p,
      propertiesDatabase: c.d,
      returnType: c.type ?? 'Ticket',
      returnSubType: c.sub,
      data: c.data,
      userId: 5,
    });
    expect(out).toEqual(c.expected);
  });

  it('T ACL Queue-1 - wrong return type (Action): a Ticket rule does not touch actions', () => {
    expect(allowedActions({ acls: compileAcls([queue1]), properties: q('Queue'), actions: ['new', 'open'] })).toEqual(['new', 'open']);
  });

  // T 'Array match ACL Tests': User.Role against the agent's roles, positive and negated.
  const roleAcl = (value: string): AclRecord[] => [
    acl('Role-Test', { Properties: { User: { Role: [value] } }, Possible: { Ticket: { Priority: ['1 very low', '3 medium'] } } }),
  ];
  const roleSets: readonly (readonly string[])[] = [[], ['unittest2'], ['unittest1'], ['unittest1', 'unittest2']];
  it.each([
    ['unittest1', [false, false, true, true]],
    ['unittest2', [false, true, false, true]],
    ['[RegExp]unittest1', [false, false, true, true]],
    ['[regexp]UNITTEST1', [false, false, true, true]],
    ['[Not]unittest1', [true, true, false, false]],
    ['[Not]unittest2', [true, false, true, false]],
    ['[NotRegExp]unittest1', [true, true, false, false]],
    ['[Notregexp]UNITTEST1', [true, true, false, false]],
  ] as const)('Role %s with roles [], [2], [1], [1,2]', (value, applies) => {
    roleSets.forEach((roles, i) => {
      const out = filterOptions({
        acls: compileAcls(roleAcl(value)),
        properties: { User: { Role: roles } },
        returnType: 'Ticket',
        returnSubType: 'Priority',
        data: pick(PRIOS, 1, 2, 3),
      });
      expect(out, `roles ${JSON.stringify(roles)}`).toEqual(applies[i] ? pick(PRIOS, 1, 3) : pick(PRIOS, 1, 2, 3));
    });
  });
});

describe('Znuny TicketACL/Action.t and TicketACL.t action cases', () => {
  const CLOSE_BOUNCE = ['AgentTicketClose', 'AgentTicketBounce'];
  const CBF = ['AgentTicketClose', 'AgentTicketBounce', 'AgentTicketForward'];
  const a = (name: string, s: Omit<Spec, 'Properties'>): AclRecord => raw(name, s);
  it.each([
    ['Data as a Correct Hash', [a('Action1', { Possible: { Action: ['AgentTicketClose'] } })], CLOSE_BOUNCE, ['AgentTicketClose']],
    ['Data as a Correct Scalar 2', [a('Action1', { Possible: { Action: ['AgentTicketBounce'] } })], ['AgentTicketClose'], []],
    ['Correct Hash using [Not]', [a('Action1', { Possible: { Action: ['[Not]AgentTicketClose'] } })], CLOSE_BOUNCE, ['AgentTicketBounce']],
    ['Correct Hash using [RegExp]', [a('Action1', { Possible: { Action: ['[RegExp]Close'] } })], CLOSE_BOUNCE, ['AgentTicketClose']],
    ['Correct Hash using [regexp]', [a('Action1', { Possible: { Action: ['[regexp]close'] } })], CLOSE_BOUNCE, ['AgentTicketClose']],
    ['Correct Hash using [NotRegExp]', [a('Action1', { Possible: { Action: ['[NotRegExp]Close'] } })], CLOSE_BOUNCE, ['AgentTicketBounce']],
    ['Correct Hash using [Notregexp]', [a('Action1', { Possible: { Action: ['[Notregexp]close'] } })], CLOSE_BOUNCE, ['AgentTicketBounce']],
    [
      'PossibleAdd Data as a Correct Hash',
      [a('Action1', { Possible: { Action: ['AgentTicketClose'] } }), a('Action2', { PossibleAdd: { Action: ['AgentTicketBounce'] } })],
      ['AgentTicketClose', 'AgentTicketForward', 'AgentTicketBounce'],
      ['AgentTicketClose', 'AgentTicketBounce'],
    ],
    [
      'PossibleAdd Data as a Correct Scalar 2',
      [a('Action1', { Possible: { Action: ['AgentTicketClose'] } }), a('Action2', { PossibleAdd: { Action: ['AgentTicketBounce'] } })],
      ['AgentTicketForward'],
      [],
    ],
    [
      'PossibleAdd using [Not]',
      [a('Action1', { Possible: { Action: ['AgentTicketForward'] } }), a('Action2', { PossibleAdd: { Action: ['[Not]AgentTicketClose'] } })],
      CBF,
      ['AgentTicketBounce', 'AgentTicketForward'],
    ],
    [
      'PossibleAdd using [RegExp]',
      [a('Action1', { Possible: { Action: ['AgentTicketForward'] } }), a('Action2', { PossibleAdd: { Action: ['[RegExp]Close'] } })],
      CBF,
      ['AgentTicketClose', 'AgentTicketForward'],
    ],
    ['PossibleNot Data as a Correct Hash', [a('Action1', { PossibleNot: { Action: ['AgentTicketClose'] } })], CLOSE_BOUNCE, ['AgentTicketBounce']],
    ['PossibleNot Data as a Correct Scalar', [a('Action1', { PossibleNot: { Action: ['AgentTicketClose'] } })], ['AgentTicketClose'], []],
    ['PossibleNot using [Not]', [a('Action1', { PossibleNot: { Action: ['[Not]AgentTicketClose'] } })], CLOSE_BOUNCE, ['AgentTicketClose']],
    ['PossibleNot using [Notregexp]', [a('Action1', { PossibleNot: { Action: ['[Notregexp]close'] } })], CLOSE_BOUNCE, ['AgentTicketClose']],
    [
      'Possible/PossibleNot',
      [a('Action1', { Possible: { Action: CLOSE_BOUNCE } }), a('Action2', { PossibleNot: { Action: ['AgentTicketBounce'] } })],
      [...CLOSE_BOUNCE, 'AgentTikcetForward'],
      ['AgentTicketClose'],
    ],
    [
      'Possible/PossibleAdd/PossibleNot',
      [
        a('Action1', { Possible: { Action: CLOSE_BOUNCE } }),
        a('Action2', { PossibleAdd: { Action: ['AgentTicketForward'] } }),
        a('Action3', { PossibleNot: { Action: ['AgentTicketClose'] } }),
      ],
      [...CBF, 'AgentTicketCompose'],
      ['AgentTicketBounce', 'AgentTicketForward'],
    ],
  ] as const)('A ACL Action - %s', (_name, acls, actions, expected) => {
    expect(allowedActions({ acls: compileAcls(acls), properties: q('Raw'), actions })).toEqual(expected);
  });

  it('T ACL Ticket-1 - correct Ticket using Data', () => {
    const ticket1 = acl('Ticket-1', {
      Properties: { Ticket: { Queue: ['Queue'], Priority: ['Priority'], State: ['State'] } },
      Possible: { Action: ['AgentTicketPhone', 'AgentTicketBounce'] },
    });
    const ticket = { Ticket: { Queue: 'Queue', Priority: 'Priority', State: 'State' } };
    expect(
      allowedActions({ acls: compileAcls([ticket1]), properties: ticket, actions: ['AgentTicketPhone', 'AgentTicketBounce', 'AgentTicketCompose'] }),
    ).toEqual(['AgentTicketPhone', 'AgentTicketBounce']);
  });

  it('T ACL DB-DynamicField - restrict action', () => {
    const dfAcl = acl('DB-DynamicField', { Properties: { DynamicField: { DynamicField_Field1: ['Item1'] } }, PossibleNot: { Action: ['AgentTicketClose'] } });
    const props = { DynamicField: { DynamicField_Field1: 'Item1' } };
    expect(allowedActions({ acls: compileAcls([dfAcl]), properties: props, actions: ['AgentTicketPrint', 'AgentTicketClose'] })).toEqual([
      'AgentTicketPrint',
    ]);
  });
});
