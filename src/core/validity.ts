// OTRS never deletes configuration: objects are switched off through their validity.
export const VALIDITIES = ['valid', 'invalid', 'invalid-temporarily'] as const;
export type Validity = (typeof VALIDITIES)[number];

export function isValidity(v: unknown): v is Validity {
  return typeof v === 'string' && (VALIDITIES as readonly string[]).includes(v);
}

/** OTRS's numeric ValidID (1 valid, 2 invalid, 3 invalid-temporarily), as ACL files carry it. */
export function validityFromId(id: number): Validity | null {
  return VALIDITIES[id - 1] ?? null;
}

export function validityToId(v: Validity): number {
  return VALIDITIES.indexOf(v) + 1;
}
