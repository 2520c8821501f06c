/**
 * `npm run seed`: loads the demo partners and agreements from the domain's real cases through the
 * services' own APIs, as alliance managers would. Idempotent: what is there already is left alone.
 */
import { devToken } from './auth/dev-auth';
import { demoAgreements } from './seed/demo-agreements';
import { demoPartners } from './seed/demo-partners';
import { demoProjects } from './seed/demo-projects';

const partnerUrl = process.env.PARTNER_SERVICE_URL ?? `http://127.0.0.1:${process.env.PARTNER_SERVICE_PORT ?? 3001}`;
const agreementUrl =
  process.env.AGREEMENT_SERVICE_URL ?? `http://127.0.0.1:${process.env.AGREEMENT_SERVICE_PORT ?? 3002}`;
const projectUrl = process.env.PROJECT_SERVICE_URL ?? `http://127.0.0.1:${process.env.PROJECT_SERVICE_PORT ?? 3003}`;
// The demo data is entered as an alliance manager who is also legal (our side signs the agreements).
// ACCORD_TOKEN seeds a deployment with a token from its identity provider instead.
const token = process.env.ACCORD_TOKEN
  ? Promise.resolve(process.env.ACCORD_TOKEN)
  : devToken('seed-demo-data', ['alliance_manager', 'legal'], '15m');

async function call(method: string, url: string, body?: object): Promise<{ status: number; body: unknown }> {
  const headers = {
    'content-type': 'application/json',
    'x-correlation-id': 'seed-demo-data',
    authorization: `Bearer ${await token}`,
  };
  const response = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: response.status, body: await response.json().catch(() => null) };
}

function expectOk(what: string, result: { status: number; body: unknown }): void {
  if (result.status >= 300) throw new Error(`${what} failed: ${result.status} ${JSON.stringify(result.body)}`);
}

async function seedPartners(): Promise<Map<string, string>> {
  let created = 0;
  for (const partner of demoPartners) {
    const result = await call('POST', `${partnerUrl}/partners`, partner);
    if (result.status === 201) created++;
    else if (result.status !== 409) expectOk(`registering ${partner.name}`, result);
  }
  const { body } = await call('GET', `${partnerUrl}/partners?pageSize=100`);
  const ids = new Map((body as { items: { id: string; name: string }[] }).items.map((p) => [p.name, p.id]));
  console.log(`seed: ${created} demo partners registered, ${demoPartners.length - created} already there`);
  return ids;
}

/** Retries while the service answers 422: it hears of what it needs through Kafka, a moment later. */
async function postWhenKnown(url: string, body: object): Promise<{ status: number; body: unknown }> {
  let result = await call('POST', url, body);
  for (let attempt = 0; result.status === 422 && attempt < 50; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    result = await call('POST', url, body);
  }
  return result;
}

async function seedAgreements(partnerIds: Map<string, string>): Promise<Map<string, string>> {
  const { body } = await call('GET', `${agreementUrl}/agreements?pageSize=100`);
  const existing = new Map((body as { items: { id: string; title: string }[] }).items.map((a) => [a.title, a.id]));
  let created = 0;
  for (const { parties, parent, steps, signed, obligations, ...terms } of demoAgreements) {
    if (existing.has(terms.title)) continue;
    const partyIds = parties.map((name) => {
      const id = partnerIds.get(name);
      if (!id) throw new Error(`no demo partner named ${name}`);
      return id;
    });
    const execution = signed && {
      approvedOn: signed.approvedOn,
      signatures: ['company', ...partyIds].map((partyId) => ({ partyId, signedOn: signed.signedOn })),
    };
    const request = {
      ...terms,
      partyIds,
      parentAgreementId: parent ? existing.get(parent) : undefined,
      draftedOn: signed?.draftedOn,
      execution,
    };
    const drafted = await postWhenKnown(`${agreementUrl}/agreements`, request);
    expectOk(`drafting "${terms.title}"`, drafted);
    const { id } = drafted.body as { id: string };
    existing.set(terms.title, id);
    for (const obligation of obligations ?? [])
      expectOk('adding an obligation', await call('POST', `${agreementUrl}/agreements/${id}/obligations`, obligation));
    const route = { negotiate: 'start-negotiation', review: 'submit-for-review', approve: 'approve' } as const;
    for (const step of steps ?? []) {
      expectOk(`${step} "${terms.title}"`, await call('POST', `${agreementUrl}/agreements/${id}/${route[step]}`));
    }
    created++;
  }
  console.log(
    `seed: ${created} demo agreements logged with their dates, ${demoAgreements.length - created} already there`,
  );
  return existing;
}

async function seedProjects(partnerIds: Map<string, string>, agreementIds: Map<string, string>): Promise<void> {
  const { body } = await call('GET', `${projectUrl}/projects?pageSize=100`);
  const existing = new Set((body as { items: { title: string }[] }).items.map((p) => p.title));
  const id = (ids: Map<string, string>, name: string) => {
    const found = ids.get(name);
    if (!found) throw new Error(`no demo record named ${name}`);
    return found;
  };
  let created = 0;
  for (const project of demoProjects) {
    if (existing.has(project.title)) continue;
    const proposed = await postWhenKnown(`${projectUrl}/projects`, {
      title: project.title,
      agreementIds: project.agreements.map((title) => id(agreementIds, title)),
      leadPartnerIds: project.leads.map((name) => id(partnerIds, name)),
      technologyAreas: project.technologyAreas,
      budget: project.budget,
      proposedOn: project.proposedOn,
    });
    expectOk(`proposing "${project.title}"`, proposed);
    const projectId = (proposed.body as { id: string }).id;
    for (const { decision, decidedOn } of project.gates) {
      const criteria = { strategicFit: 5, feasibility: 4 };
      const review = { decision, decidedOn, gatekeepers: ['innovation-board'], criteria };
      expectOk('a gate review', await call('POST', `${projectUrl}/projects/${projectId}/gate-reviews`, review));
    }
    for (const spend of project.spend ?? []) {
      const body = { ...spend, currency: project.budget.currency };
      expectOk('spend', await call('POST', `${projectUrl}/projects/${projectId}/spend`, body));
    }
    for (const outcome of project.outcomes) {
      expectOk('an outcome', await call('POST', `${projectUrl}/projects/${projectId}/outcomes`, outcome));
    }
    created++;
  }
  console.log(
    `seed: ${created} demo projects proposed and taken through their gates, ${demoProjects.length - created} already there`,
  );
}

async function main(): Promise<void> {
  const partnerIds = await seedPartners();
  const agreementIds = await seedAgreements(partnerIds);
  await seedProjects(partnerIds, agreementIds);
}

main().catch((error: Error) => {
  console.error(`seed: ${error.message}`);
  process.exit(1);
});
