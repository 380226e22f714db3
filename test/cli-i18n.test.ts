// The CLI talks to people in the shell's language (issue 13): LC_ALL, else LC_MESSAGES, else LANG,
// else PARLEY_DEFAULT_LANGUAGE. Machine-readable output (acl eval's JSON) is the same in every one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliLanguage } from '../src/cli/locale.ts';
import { parley } from './helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'parley-cli-i18n-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string>, stdin = '') => parley(args, { env, stdin });

describe('the CLI language', () => {
  it('comes from LC_ALL, else LC_MESSAGES, else LANG, else PARLEY_DEFAULT_LANGUAGE', () => {
    expect(cliLanguage({ LANG: 'de_DE.UTF-8' })).toBe('de');
    expect(cliLanguage({ LANG: 'en_GB.UTF-8', LC_MESSAGES: 'de_AT.UTF-8' })).toBe('de');
    expect(cliLanguage({ LANG: 'de_DE.UTF-8', LC_ALL: 'en_US.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'de_DE.UTF-8', LC_ALL: '' })).toBe('de');
    expect(cliLanguage({})).toBe('en');
    expect(cliLanguage({ PARLEY_DEFAULT_LANGUAGE: 'de' })).toBe('de');
    expect(cliLanguage({ LANG: 'C', PARLEY_DEFAULT_LANGUAGE: 'de' })).toBe('de');
    expect(cliLanguage({ LANG: 'fr_FR.UTF-8' })).toBe('en');
    expect(cliLanguage({ LANG: 'de' })).toBe('de');
  });
});

describe('parley in German', () => {
  const DE = { LANG: 'de_DE.UTF-8' };

  it('explains wrong usage and bad input in German, and keeps JSON output as it is', async () => {
    const usage = await run(['acl', 'frobnicate'], DE);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Unbekannter acl-Befehl: frobnicate');
    expect(usage.stderr).toContain('Aufruf: parley <Befehl>');
    expect(usage.stderr).toContain('acl export [--name NAME]         die ACLs als OTRS-YAML ausgeben');

    const english = await run(['acl', 'frobnicate'], { LANG: 'en_US.UTF-8' });
    expect(english.stderr).toContain('Unknown acl command: frobnicate');
    expect(english.stderr).toContain('Usage: parley <command>');

    const bad = await run(['acl', 'eval'], DE, '{"acls": [');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^input: Die Eingabe ist kein gültiges JSON: /);

    const ok = await run(['acl', 'eval'], DE, JSON.stringify({ acls: [], returnType: 'Action', data: ['AgentTicketNote'] }));
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ok.stdout)).toEqual({ data: ['AgentTicketNote'] });
  }, 120_000);

  it('reports commands against the database in German', async () => {
    const env = { ...DE, DATABASE_URL: `sqlite:${join(dir, 'parley.db')}` };
    const migrate = await run(['migrate'], env);
    expect(migrate).toMatchObject({ code: 0, stdout: 'Die Datenbank ist auf dem neuesten Stand.\n' });
    const nobody = await run(['token', 'create', '--user', 'nobody'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toBe('user: Agent „nobody“ wurde nicht gefunden.\n');
    const missing = await run(['token', 'create'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--user ist erforderlich\./);
    const file = join(dir, 'none.yml');
    writeFileSync(file, '- Name: X\n  Bogus: 1\n');
    const imported = await run(['acl', 'import', file], env);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(/Es wurde nichts importiert\.\n$/);
    const deployed = await run(['acl', 'deploy'], env);
    expect(deployed.code).toBe(0);
    expect(deployed.stdout).toMatch(/^\d+ ACLs? in Kraft gesetzt/);
  }, 120_000);
});
