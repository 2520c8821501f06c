import { randomUUID } from 'node:crypto';
import { WORKING_ROLES, bearer } from '../../support/auth';
import type { TestDatabase } from '../../support/database';
import { eventually } from '../../support/eventually';
import type { Cluster, ServiceName } from './cluster';

export interface Seed {
  partners: string[];
  agreements: { id: string; parties: string[] }[];
}

/**
 * What a load starts from: partners the agreement service already knows, and signed agreements the
 * project service already knows, so that drafts and proposals can succeed from the first second.
 */
export async function seed(
  cluster: Cluster,
  db: TestDatabase,
  counts = { partners: 12, agreements: 6 },
): Promise<Seed> {
  const headers = { 'content-type': 'application/json', ...bearer(WORKING_ROLES, { subject: 'seed' }) };
  const call = async (service: ServiceName, path: string, body: object, method = 'POST') => {
    const response = await fetch(`${cluster.url(service)}${path}`, { method, headers, body: JSON.stringify(body) });
    const answer = (await response.json()) as { id: string };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer.id;
  };

  const partners: string[] = [];
  for (let i = 0; i < counts.partners; i++) {
    partners.push(
      await call('partner-service', '/partners', {
        name: `Seed partner ${randomUUID()}`,
        type: 'university',
        country: 'JP',
        tier: 'key',
      }),
    );
  }
  await eventually(
    async () =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM agreement.known_partners WHERE partner_id = ANY($1)',
          [partners],
        )
      )[0].n,
    (n) => n === partners.length,
    60_000,
  );

  const agreements: Seed['agreements'] = [];
  for (let i = 0; i < counts.agreements; i++) {
    const parties = [partners[(2 * i) % partners.length], partners[(2 * i + 1) % partners.length]];
    const id = await call('agreement-service', '/agreements', {
      type: 'comprehensive_alliance',
      title: `Seed alliance ${i}`,
      partyIds: parties,
      ownerId: 'seed',
      effectiveDate: '2026-01-01',
      expiryDate: '2036-01-01',
    });
    for (const step of ['start-negotiation', 'submit-for-review', 'approve']) {
      await call('agreement-service', `/agreements/${id}/${step}`, {});
    }
    for (const partyId of ['company', ...parties])
      await call('agreement-service', `/agreements/${id}/sign`, { partyId });
    agreements.push({ id, parties });
  }
  await eventually(
    async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM project.known_agreements WHERE agreement_id = ANY($1) AND status IN ('signed', 'active')`,
          [agreements.map((a) => a.id)],
        )
      )[0].n,
    (n) => n === agreements.length,
    60_000,
  );
  return { partners, agreements };
}
