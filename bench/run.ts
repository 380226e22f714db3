import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from './util.ts';

// `npm run bench`: every benchmark, one after the other (never in parallel: they measure time),
// written into docs/benchmarks.md with the machine they ran on.

const BENCHES: { file: string; title: string }[] = [
  { file: './ingest.ts', title: 'Ingestion' },
  { file: './acl.ts', title: 'ACL filtering' },
  { file: './agent-ui.ts', title: 'Agent interface' },
  { file: './x-cost.ts', title: 'What X bills for reading' },
  { file: './load.ts', title: 'Load over sockets' },
  { file: './scale.ts', title: 'Scale-out' },
];

// Flags (--chaos-seconds=N) are the benches' own; the other words pick benches.
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sections: string[] = [];
for (const b of BENCHES) {
  if (only.length && !only.some((o) => b.file.includes(o))) continue;
  process.stderr.write(`running ${b.title}…\n`);
  const started = Date.now();
  const mod = (await import(b.file)) as { default: () => Promise<string> };
  sections.push(await mod.default());
  process.stderr.write(`  done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

const doc = [
  '# Benchmarks',
  '',
  'Made by `npm run bench` (bench/run.ts); every figure below comes from that run. Speed targets are',
  'measured here, never by timed tests.',
  '',
  `- Machine: ${machine()}`,
  `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  ...sections.flatMap((s) => [s, '']),
].join('\n');

if (only.length) {
  process.stdout.write(`${doc}\n`);
} else {
  writeFileSync(join(import.meta.dirname, '../docs/benchmarks.md'), doc);
  process.stdout.write(`${doc}\nWritten to docs/benchmarks.md\n`);
}
