/** Channel names are lowercase with dashes: typing "Design Team" gives "design-team". */
export function asChannelName(typed: string): string {
  return typed.toLowerCase().replace(/\s+/g, "-");
}
