import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { evalAclRequest, runAclEval } from './eval.ts';

const limit = {
  Name: 'Limit Access to Twitter Profile',
  ConfigMatch: { Properties: { User: { Group_rw: ['[Not]twitter'] } } },
  ConfigChange: { PossibleNot: { Ticket: { TwitterProfileID: ['1'] } } },
  StopAfterMatch: 0,
  ValidID: 1,
};
const noClose = { Name: 'No close in Raw', ConfigMatch: { Properties: { Ticket: { Queue: ['Raw'] } } }, ConfigChange: { PossibleNot: { Action: ['AgentTicketClose'] } } };
const request = {
  acls: [limit],
  properties: { User: { Group_rw: ['users'] }, Ticket: { Queue: 'Raw' }, Frontend: { Action: 'AgentTicketPhone' } },
  returnType: 'Ticket',
  returnSubType: 'TwitterProfileID',
  data: { '1': 'Support', '2': 'Sales' },
};

describe('evalAclRequest', () => {
  it('answers the issue’s example', () => {
    expect(evalAclRequest(request)).toEqual({ data: { '2': 'Sales' } });
  });

  it('does not restrict user 1', () => {
    expect(evalAclRequest({ ...request, userId: 1 })).toEqual({ data: request.data });
  });

  it('filters actions given as a list or as a map', () => {
    const actions = ['AgentTicketClose', 'AgentTicketNote'];
    expect(evalAclRequest({ ...request, acls: [noClose], returnType: 'Action', returnSubType: undefined, data: actions })).toEqual({ data: ['AgentTicketNote'] });
    expect(evalAclRequest({ ...request, acls: [noClose], returnType: 'Action', data: { 1: 'AgentTicketClose', 2: 'AgentTicketNote' } })).toEqual({
      data: { 2: 'AgentTicketNote' },
    });
  });

  it('takes the ACLs as deployed: invalid ones do nothing', () => {
    expect(evalAclRequest({ ...request, acls: [{ ...limit, ValidID: 2 }] })).toEqual({ data: request.data });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an object', [], 'input', /JSON object/],
    ['unknown field', { ...request, acl: [] }, 'acl', /Unknown field "acl"/],
    ['acls missing', { ...request, acls: undefined }, 'acls', /list of ACL records/],
    ['a bad ACL', { ...request, acls: [{ ...limit, ConfigMatch: { Properties: { Usr: {} } } }] }, 'acls', /ACL "Limit Access to Twitter Profile": unknown key "ConfigMatch.Properties.Usr"/],
    ['returnType unknown', { ...request, returnType: 'Tickets' }, 'returnType', /must be one of/],
    ['returnSubType missing', { ...request, returnSubType: undefined }, 'returnSubType', /required for returnType Ticket/],
    ['data not a map', { ...request, data: 'x' }, 'data', /map option ids/],
    ['data list for Ticket', { ...request, data: ['a'] }, 'data', /must map option ids/],
    ['a label not text', { ...request, data: { 1: {} } }, 'data.1', /label/],
    ['a property of the wrong kind', { ...request, properties: { User: { Group_rw: [{}] } } }, 'properties.User.Group_rw[0]', /text or a number/],
    ['userId not a number', { ...request, userId: '1' }, 'userId', /whole number/],
  ])('names the field: %s', (_name, input, field, message) => {
    let error: unknown;
    try {
      evalAclRequest(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).field).toBe(field);
    expect((error as AppError).message).toMatch(message);
  });
});

describe('runAclEval', () => {
  it('reads JSON text and returns the JSON text to print', () => {
    expect(JSON.parse(runAclEval(JSON.stringify(request)))).toEqual({ data: { '2': 'Sales' } });
  });

  it('says when the input is not JSON', () => {
    expect(() => runAclEval('{ acls: ')).toThrow(/not valid JSON/);
  });
});
