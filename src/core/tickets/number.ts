// OTRS's DateChecksum ticket numbers: YYYYMMDD, the system id, a daily counter of at least five
// digits, and a check digit. 2026112510000017 is the first ticket of 2026-11-25 on system 10.

export function checksumDigit(digits: string): number {
  let sum = 0;
  let mult = 1;
  for (const ch of digits) {
    sum += mult * Number(ch);
    mult = mult === 1 ? 2 : 1;
  }
  const check = 10 - (sum % 10);
  return check === 10 ? 1 : check;
}

/** The counter's key: the UTC date as YYYYMMDD. */
export function ticketNumberDay(date: Date): string {
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

export function formatTicketNumber(day: string, systemId: string, counter: number): string {
  if (!/^\d{8}$/.test(day)) throw new Error(`Bad day ${day}`);
  if (!/^\d{1,10}$/.test(systemId)) throw new Error(`Bad system id ${systemId}`);
  if (!Number.isInteger(counter) || counter < 1) throw new Error(`Bad counter ${counter}`);
  const base = `${day}${systemId}${String(counter).padStart(5, '0')}`;
  return `${base}${checksumDigit(base)}`;
}

export function isValidTicketNumber(tn: string): boolean {
  return /^\d{16,}$/.test(tn) && checksumDigit(tn.slice(0, -1)) === Number(tn.slice(-1));
}
