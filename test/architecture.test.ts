import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md's layout rules, checked: the core stays free of HTTP, SQL drivers and channel
// adapters; only db/connect.ts knows the drivers; the simulator is never imported by src/.

const root = join(import.meta.dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  const src = files(join(root, 'src'));

  it('finds the source files', () => {
    expect(src.length).toBeGreaterThan(50);
  });

  it('keeps src/core free of HTTP, SQL drivers, the web layer and channel adapters', () => {
    const bad = files(join(root, 'src/core')).flatMap((f) =>
      imports(f)
        .filter((i) => /^(hono|@hono\/|better-sqlite3|pg|twitter-api-v2)(\/|$)/.test(i) || /\/(web|channels|worker|ingest|outbox|cli)\//.test(i))
        .map((i) => `${relative(root, f)} imports ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('lets only src/db/connect.ts import the SQL drivers', () => {
    const bad = src.filter((f) => imports(f).some((i) => i === 'pg' || i === 'better-sqlite3')).map((f) => relative(root, f));
    expect(bad).toEqual(['src/db/connect.ts']);
  });

  it('never imports the simulator from src/', () => {
    const bad = src.filter((f) => imports(f).some((i) => i.includes('/sim/'))).map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it('keeps X-specific code in src/channels/x', () => {
    const bad = src
      .filter((f) => !relative(root, f).startsWith('src/channels/x/') && !relative(root, f).startsWith('src/channels/registry.ts'))
      .filter((f) => imports(f).some((i) => i.includes('channels/x/') || i === 'twitter-api-v2' || i === 'twitter-text'))
      .map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it('keeps each network in its own folder: Mastodon and Bluesky import nothing from channels/x, nor from each other', () => {
    const own = (f: string) => /src\/channels\/(mastodon|bluesky)\//.exec(relative(root, f))?.[1];
    const bad = src
      .filter((f) => own(f))
      .flatMap((f) => imports(f).filter((i) => i.includes('/x/') || i === 'twitter-api-v2' || i === 'twitter-text' || i.includes(own(f) === 'mastodon' ? '/bluesky/' : '/mastodon/')).map((i) => `${relative(root, f)} imports ${i}`));
    expect(bad).toEqual([]);
    expect(src.filter((f) => own(f)).length).toBeGreaterThan(8);
  });

  it('lets the simulators import nothing from src/', () => {
    const sims = ['sim/mastodon', 'sim/bluesky', 'sim/common'].flatMap((d) => files(join(root, d)));
    expect(sims.length).toBeGreaterThan(8);
    const bad = sims.filter((f) => imports(f).some((i) => i.includes('/src/'))).map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });
});
