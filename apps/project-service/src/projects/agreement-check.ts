/**
 * What this service knows of each agreement, from the agreement service's events (its local copy),
 * looked up before deciding (by the propose and resume routes, and the reaction to an agreement ending).
 */
export type AgreementCheck = Record<string, 'valid' | 'pending' | 'ended' | 'unknown'>;

export function invalidAgreements(ids: string[], agreements: AgreementCheck): string[] {
  return ids.filter((id) => agreements[id] !== 'valid');
}

/** `<id> (ended), <id> (unknown)`: each agreement and how it stands, for people. */
export function listed(ids: string[], agreements: AgreementCheck): string {
  return ids.map((id) => `${id} (${agreements[id] ?? 'unknown'})`).join(', ');
}
