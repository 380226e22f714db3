import { describe, expect, it } from 'vitest';
import { SEED_ACL_YAML } from './seed.ts';
import type { AclRecord } from './types.ts';
import { scalarStyle } from './yaml-emit.ts';
import { AclFileError, exportAclYaml, parseAclYaml } from './yaml.ts';

// OTRS's own sample export, scripts/test/sample/ACL/Multiple.yml (written by YAML::XS).
const OTRS_MULTIPLE = `---
- ChangeBy: root@localhost
  ChangeTime: 2014-06-03 19:51:17
  Comment: ''
  ConfigChange:
    Possible:
      Ticket:
        Queue:
        - Alert1
  ConfigMatch:
    Properties:
      Ticket:
        Priority:
        - 5 very high
        Queue:
        - Raw
  CreateBy: root@localhost
  CreateTime: 2014-06-03 19:03:57
  Description: ''
  ID: 9
  Name: 100-ACL-Test-Multiple1
  StopAfterMatch: 0
  ValidID: 1
- ChangeBy: root@localhost
  ChangeTime: 2014-06-03 19:51:17
  Comment: ''
  ConfigChange:
    Possible:
      Ticket:
        Queue:
        - Alert2
  ConfigMatch:
    Properties:
      Ticket:
        Priority:
        - 5 very high
        Queue:
        - Raw
  CreateBy: root@localhost
  CreateTime: 2014-06-03 19:03:57
  Description: ''
  ID: 10
  Name: 100-ACL-Test-Multiple2
  StopAfterMatch: 0
  ValidID: 1
`;

const fileError = (text: string): AclFileError => {
  try {
    parseAclYaml(text);
  } catch (e) {
    if (e instanceof AclFileError) return e;
    throw e;
  }
  throw new Error('parsed without error');
};

describe('round trips', () => {
  it('seed: parse → export → parse gives the same records, and the same text', () => {
    const once = parseAclYaml(SEED_ACL_YAML);
    const text = exportAclYaml(once);
    expect(text).toBe(SEED_ACL_YAML);
    expect(parseAclYaml(text)).toEqual(once);
  });

  it('OTRS’s sample export is written back byte for byte', () => {
    const records = parseAclYaml(OTRS_MULTIPLE);
    expect(records.map((r) => r.Name)).toEqual(['100-ACL-Test-Multiple1', '100-ACL-Test-Multiple2']);
    expect(exportAclYaml(records)).toBe(OTRS_MULTIPLE);
  });

  it('awkward text survives: quotes, indicators, numbers, unicode, long lines, line breaks', () => {
    const texts = [
      "it's",
      "'quoted'",
      '[Not]x',
      '- dash',
      'a: b',
      'a #b',
      ' lead',
      'trail ',
      '007',
      '1e3',
      'true',
      '~',
      'null',
      '',
      'tab\there',
      'two\nlines\n',
      'üñí “quotes” 日本',
      `${'word '.repeat(30)}end`,
      `[${'x '.repeat(60)}]`,
      `${'y'.repeat(90)} tail  two  spaces ${'z'.repeat(85)}`,
    ];
    const record: AclRecord = {
      ID: 3,
      Name: 'Awkward',
      Comment: texts.join(' | '),
      Description: texts[17] as string,
      StopAfterMatch: 1,
      ValidID: 3,
      ConfigMatch: { Properties: { Ticket: { Title: texts } }, PropertiesDatabase: {} },
      ConfigChange: { Possible: { Ticket: { Queue: [] } }, PossibleNot: { Action: texts.filter((t) => t !== '') } },
    };
    const text = exportAclYaml([record]);
    expect(parseAclYaml(text)).toEqual([record]);
    for (const line of text.split('\n')) expect(line.startsWith('\t')).toBe(false);
  });

  it('writes an ACL without conditions or changes with \'\' there, as OTRS does', () => {
    const record: AclRecord = { Name: 'Empty', Comment: '', Description: '', StopAfterMatch: 0, ValidID: 1, ConfigMatch: null, ConfigChange: null };
    const text = exportAclYaml([record]);
    expect(text).toBe("---\n- Comment: ''\n  ConfigChange: ''\n  ConfigMatch: ''\n  Description: ''\n  Name: Empty\n  StopAfterMatch: 0\n  ValidID: 1\n");
    expect(parseAclYaml(text)).toEqual([record]);
  });

  it('an empty export is an empty list', () => {
    expect(exportAclYaml([])).toBe('--- []\n');
    expect(parseAclYaml('--- []\n')).toEqual([]);
  });
});

describe('scalar styles as YAML::XS/libyaml choose them', () => {
  it.each([
    ['root@localhost', 'plain'],
    ['2020-11-05 10:57:35', 'plain'],
    ['5 very high', 'plain'],
    ['a:b', 'plain'],
    ['x,y', 'plain'],
    ['-x', 'plain'],
    ['yes', 'plain'],
    ['1', 'single'],
    ['-2.5', 'single'],
    ['1e5', 'single'],
    ['Inf', 'single'],
    ['', 'single'],
    ['~', 'single'],
    ['true', 'single'],
    ['[Not]twitter', 'single'],
    ['- x', 'single'],
    ['a: b', 'single'],
    ['a #b', 'single'],
    ['@home', 'single'],
    ['---', 'single'],
    [' x', 'single'],
    ['x ', 'single'],
    ['a\tb', 'double'],
    ['a\nb', 'double'],
  ] as const)('%j → %s', (text, style) => {
    expect(scalarStyle(text)).toBe(style);
  });
});

describe('reading errors: all or nothing, naming the place', () => {
  it.each([
    ['---\n- Name: a\n  Name: b\n', 'Invalid YAML at line 3, column 3: Map keys must be unique'],
    ["---\n- Name: 'x\n", 'Invalid YAML at line 3, column 1: Missing closing'],
    ['--- 1\n--- 2\n', 'the file holds more than one YAML document'],
    ['Name: x\n', 'OTRS writes a YAML list of ACLs'],
    ['', 'OTRS writes a YAML list of ACLs'],
    ['- a: *nope\n', 'alias *nope is not defined'],
  ])('%j', (text, message) => {
    expect(fileError(text).message).toContain(message);
  });

  it('names the ACL and the key, and returns nothing when one ACL of several is bad', () => {
    const text = `---
- Name: Good
  ConfigChange:
    PossibleNot:
      Ticket:
        Queue:
        - Raw
- Name: Limit Access
  ConfigMatch:
    Properties:
      Usr:
        UserLogin:
        - anna
`;
    const e = fileError(text);
    expect(e.message).toBe('ACL "Limit Access": unknown key "ConfigMatch.Properties.Usr"');
    expect(e.issues).toHaveLength(1);
    expect(e.code).toBe('invalid_input');
  });

  it('refuses an empty list entry where text is expected', () => {
    expect(fileError('- Name: x\n  ConfigChange:\n    Possible:\n      Action:\n      - ~\n').message).toBe(
      'ACL "x": "ConfigChange.Possible.Action[0]" must be text, not empty',
    );
  });

  it('keeps numbers as written and reads aliases', () => {
    const text = "- Name: 1.50\n  ConfigMatch:\n    Properties:\n      Ticket:\n        Queue: &q\n        - 1.0\n        - '2'\n    PropertiesDatabase:\n      Ticket:\n        Queue: *q\n";
    const [r] = parseAclYaml(text);
    expect(r?.Name).toBe('1.50');
    expect(r?.ConfigMatch).toEqual({ Properties: { Ticket: { Queue: ['1.0', '2'] } }, PropertiesDatabase: { Ticket: { Queue: ['1.0', '2'] } } });
  });
});
