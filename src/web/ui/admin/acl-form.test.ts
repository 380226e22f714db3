import { describe, expect, it } from 'vitest';
import { parseAclYaml, SEED_ACL_YAML, validateAclRecord, type AclRecord } from '../../../core/acl/index.ts';
import { buildRecordInput, editRows, errorsFromIssues, formStateFromBody, formStateFromRecord, type AclFormState } from './acl-form.ts';

const seed = parseAclYaml(SEED_ACL_YAML)[0]!;

/** The form as a browser posts it. */
function post(s: AclFormState): Record<string, string> {
  const body: Record<string, string> = { Name: s.Name, Comment: s.Comment, Description: s.Description, validity: s.validity };
  if (s.StopAfterMatch) body['StopAfterMatch'] = '1';
  s.match.forEach((r, i) => Object.assign(body, { [`m.${i}.set`]: r.set, [`m.${i}.group`]: r.group, [`m.${i}.key`]: r.key, [`m.${i}.values`]: r.values.replace(/\n/g, '\r\n') }));
  s.change.forEach((r, i) => Object.assign(body, { [`c.${i}.kind`]: r.kind, [`c.${i}.type`]: r.type, [`c.${i}.field`]: r.field, [`c.${i}.values`]: r.values.replace(/\n/g, '\r\n') }));
  return body;
}

function roundTrip(r: AclRecord): AclRecord {
  const built = buildRecordInput(formStateFromBody(post(formStateFromRecord(r))));
  expect(built.errors).toEqual({});
  const v = validateAclRecord(built.input);
  if (!v.ok) throw new Error(v.issues.map((i) => i.message).join('\n'));
  return v.record;
}

describe('the structured ACL editor', () => {
  it('shows the seed as rows and saves it back unchanged', () => {
    const state = formStateFromRecord(seed);
    expect(state.match).toEqual([{ set: 'Properties', group: 'User', key: 'Group_rw', values: '[Not]twitter' }]);
    expect(state.change).toEqual([{ kind: 'PossibleNot', type: 'Ticket', field: 'TwitterProfileID', values: '1' }]);
    const { ID: _i, CreateBy: _a, CreateTime: _b, ChangeBy: _c, ChangeTime: _d, ...editable } = seed;
    expect(roundTrip(seed)).toEqual(editable);
  });

  it('keeps both condition sets, several values, actions, empty Possible lists and validity', () => {
    const r: AclRecord = {
      Name: 'Mixed',
      Comment: 'c',
      Description: 'd',
      StopAfterMatch: 1,
      ValidID: 3,
      ConfigMatch: { Properties: { User: { Role: ['[regexp]^sup', 'admin'] }, Frontend: { Action: ['AgentTicketZoom'] } }, PropertiesDatabase: { Ticket: { Queue: ['Raw'] } } },
      ConfigChange: { Possible: { Ticket: { State: [] } }, PossibleAdd: { Action: ['AgentTicketNote'] }, PossibleNot: { Ticket: { Queue: ['Junk'], Owner: ['[Not]root@localhost'] }, Action: ['AgentTicketClose'] } },
    };
    expect(roundTrip(r)).toEqual(r);
    expect(formStateFromRecord(r).validity).toBe('invalid-temporarily');
  });

  it('drops blank rows; no rows at all means no ConfigMatch/ConfigChange', () => {
    const state = formStateFromRecord(null);
    expect(state.match).toHaveLength(1);
    const built = buildRecordInput({ ...state, Name: 'Empty' });
    expect(built.input).toMatchObject({ ConfigMatch: null, ConfigChange: null, ValidID: 1, StopAfterMatch: 0 });
  });

  it('says what is wrong with a row, next to that row', () => {
    const state: AclFormState = {
      ...formStateFromRecord(null),
      Name: 'X',
      match: [
        { set: 'Properties', group: 'User', key: '', values: 'twitter' },
        { set: 'Properties', group: 'User', key: 'Group_rw', values: 'a' },
        { set: 'Properties', group: 'User', key: 'Group_rw', values: 'b' },
      ],
      change: [
        { kind: 'PossibleNot', type: 'Ticket', field: '', values: '1' },
        { kind: 'Possible', type: 'Action', field: 'Queue', values: 'AgentTicketZoom' },
      ],
    };
    const { errors } = buildRecordInput(state);
    expect(errors['m.0']).toMatch(/Name the attribute/);
    expect(errors['m.1']).toBeUndefined();
    expect(errors['m.2']).toMatch(/Properties → User → Group_rw is given twice/);
    expect(errors['c.0']).toMatch(/Name the ticket field/);
    expect(errors['c.1']).toMatch(/Action is a plain list and has no field/);
  });

  it("places the validator's messages on the row whose key they name, without the ACL's name", () => {
    const state: AclFormState = {
      ...formStateFromRecord(null),
      Name: 'Bad',
      validity: 'gone',
      match: [{ set: 'Properties', group: 'User', key: 'UserLogin', values: '[RegExp](unclosed' }],
      change: [{ kind: 'PossibleNot', type: 'Ticket', field: 'Bad Field', values: '1' }],
    };
    const built = buildRecordInput(state);
    const v = validateAclRecord(built.input);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    const errors = errorsFromIssues(v.issues, built.paths);
    expect(errors['m.0']).toMatch(/^"ConfigMatch\.Properties\.User\.UserLogin\[0\]" is not a valid regular expression/);
    expect(errors['c.0']).toMatch(/^"Bad Field" is not a valid ticket field name/);
    expect(errors['validity']).toMatch(/"ValidID" must be 1/);
  });

  it('adds and removes rows without saving', () => {
    const state = formStateFromRecord(seed);
    expect(editRows(state, 'add-match')!.match).toHaveLength(2);
    expect(editRows(state, 'add-change')!.change).toHaveLength(2);
    expect(editRows(state, 'remove-m.0')!.match).toEqual([]);
    expect(editRows(state, 'remove-c.0')!.change).toEqual([]);
    expect(editRows(state, 'save')).toBeNull();
  });
});
