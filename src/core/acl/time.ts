// OTRS writes ACL times as `YYYY-MM-DD HH:MM:SS` (its database's local time, no zone); Parley
// stores ISO 8601 UTC and writes that instant in UTC.

export function otrsTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new Error(`not a time: ${iso}`);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}
