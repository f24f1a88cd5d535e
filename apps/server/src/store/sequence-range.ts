/**
 * Sequence numbers are 32-bit integers in both engines' tables: two billion
 * messages per room. A client's cursor may be any safe integer; past the
 * range it means what the largest does (PostgreSQL would refuse to compare
 * an integer column with it).
 */
export const MAX_SEQ = 2_147_483_647;

export function withinSeqRange(cursor: number): number {
  return Math.min(cursor, MAX_SEQ);
}
