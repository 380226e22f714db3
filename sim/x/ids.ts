// X ids are snowflakes: milliseconds since X's epoch in the high bits, so they grow with time and
// must be compared as BigInt (they overflow a JavaScript number).

const X_EPOCH_MS = 1288834974657n;
const SEQUENCE_BITS = 22n;

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function newestFirst<T extends { id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compareIds(b.id, a.id));
}

/** The time a snowflake was made, to the millisecond. */
export function snowflakeTime(id: string): number {
  return timeOf(BigInt(id));
}

function timeOf(id: bigint): number {
  return Number((id >> SEQUENCE_BITS) + X_EPOCH_MS);
}

export interface SnowflakeMaker {
  /** A fresh id for something made at `timeMs`; never the same id twice. */
  next(timeMs: number): string;
}

export function createSnowflakeMaker(): SnowflakeMaker {
  const used = new Set<string>();
  let last = 0n;
  return {
    next(timeMs) {
      let id = (BigInt(Math.floor(timeMs)) - X_EPOCH_MS) << SEQUENCE_BITS;
      // Things made "now" must come after everything made before them, even within one millisecond;
      // backdated things (seed data) only need to be unique.
      if (id <= last && timeMs >= timeOf(last)) id = last + 1n;
      while (used.has(id.toString())) id += 1n;
      if (id > last) last = id;
      used.add(id.toString());
      return id.toString();
    },
  };
}

/** User ids are plain increasing numbers, shorter than snowflakes, as old X accounts have. */
export function createUserIdMaker(start = 1_500_000_000n): () => string {
  let next = start;
  return () => {
    next += 1n + BigInt(Math.floor(Math.random() * 1000));
    return next.toString();
  };
}
