import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { PROJECT_TOPIC } from '@accord/contracts';
import { KafkaClient } from '@accord/messaging';
import { AgreementServiceModule } from '../../agreement-service/src/app.module';
import { agreementService } from '../../agreement-service/src/service';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually, onceKnown } from '../../../test/support/eventually';
import { bootService } from '../../../test/support/service';
import { ProjectServiceModule } from '../src/app.module';
import { projectService } from '../src/service';
import { api } from '../../../test/support/auth';

/**
 * Three services, three databases, one Kafka: a project learns of its agreement only from the
 * agreement topic, and is flagged and put on hold when that agreement is terminated.
 */
describe('a joint project from proposal to patent, and its agreement ending', () => {
  const dbs: TestDatabase[] = [];
  const apps: Record<'partners' | 'agreements' | 'projects', INestApplication> = {} as never;
  const kafka = new KafkaClient({
    clientId: `e2e-${randomUUID()}`,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  });
  const suffix = randomUUID().slice(0, 8);

  beforeAll(async () => {
    for (const label of ['partners', 'agreements', 'projects'] as const)
      dbs.push(await createTestDatabase(`e2e_${label}`));
    apps.partners = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: dbs[0].url });
    apps.agreements = await bootService(agreementService, AgreementServiceModule, { DATABASE_URL: dbs[1].url });
    apps.projects = await bootService(projectService, ProjectServiceModule, { DATABASE_URL: dbs[2].url });
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) await app?.close();
    await kafka.onApplicationShutdown();
    await Promise.all(dbs.map((db) => db.drop()));
  });

  const http = (app: keyof typeof apps) => api(apps[app]);

  it('proposes under a signed agreement, passes two gates, files a patent, and is put on hold when the agreement is terminated', async () => {
    const utokyo = (
      await http('partners')
        .post('/partners')
        .send({ name: `University of Tokyo ${suffix}`, type: 'university', country: 'JP', technologyAreas: ['ai'] })
        .expect(201)
    ).body.id as string;

    const draft = {
      type: 'joint_research',
      title: 'Brain-morphic AI joint research',
      partyIds: [utokyo],
      ownerId: 'alliance-ai-strategy',
      technologyAreas: ['brain-morphic-ai'],
      effectiveDate: '2026-01-01',
      expiryDate: '2030-12-31',
    };
    const drafted = await onceKnown(() => http('agreements').post('/agreements').send(draft));
    expect(drafted.status).toBe(201);
    const agreementId = drafted.body.id as string;
    for (const step of ['submit-for-review', 'approve'])
      await http('agreements').post(`/agreements/${agreementId}/${step}`).expect(200);
    for (const partyId of ['company', utokyo])
      await http('agreements').post(`/agreements/${agreementId}/sign`).send({ partyId }).expect(200);

    const proposal = {
      title: 'Brain-morphic processor for low-power AI',
      agreementIds: [agreementId],
      leadPartnerIds: [utokyo],
      technologyAreas: ['Brain-morphic AI'],
      budget: { amount: 300_000_000, currency: 'jpy' },
      team: [{ memberRef: 'emp-2231', role: 'project_lead', organisation: 'company' }],
      // Logged after the fact: the patent below was filed after the proposal, before today.
      proposedOn: '2026-01-15',
    };
    // The project service hears of the signed agreement through Kafka.
    const proposed = await onceKnown(() => http('projects').post('/projects').send(proposal));
    expect(proposed.status).toBe(201);
    const projectId = proposed.body.id as string;

    const gate = { decision: 'go', gatekeepers: ['cto-office'], criteria: { strategicFit: 5, feasibility: 4 } };
    await http('projects').post(`/projects/${projectId}/gate-reviews`).send(gate).expect(200);
    await http('projects')
      .post(`/projects/${projectId}/gate-reviews`)
      .send({ ...gate, notes: 'Prototype meets the power budget' })
      .expect(200);
    const filed = await http('projects')
      .post(`/projects/${projectId}/outcomes`)
      .send({
        kind: 'patent_filed',
        title: 'Spiking neural circuit with on-chip learning',
        occurredOn: '2026-10-01',
        patent: { jurisdiction: 'JP', applicationNumber: `2026-${suffix}` },
      })
      .expect(201);
    expect((await http('projects').get(`/projects/${projectId}`).expect(200)).body).toMatchObject({
      stage: 'develop',
      status: 'active',
      technologyAreas: ['brain-morphic-ai'],
      budget: { amount: 300_000_000, currency: 'JPY' },
      outcomes: [{ kind: 'patent_filed', patent: { jurisdiction: 'JP', applicationNumber: `2026-${suffix}` } }],
    });

    await http('agreements')
      .post(`/agreements/${agreementId}/terminate`)
      .send({ reason: 'Strategic review: research moved to a new consortium' })
      .expect(200);

    const flagged = await eventually(
      async () =>
        (await http('projects').get(`/projects/${projectId}`).expect(200)).body as { status: string; flagged: boolean },
      (project) => project.flagged && project.status === 'on_hold',
      30_000,
    );
    expect(flagged).toMatchObject({ status: 'on_hold', flagged: true, flaggedAgreements: [agreementId] });
    const refused = await http('projects').post(`/projects/${projectId}/resume`).expect(422);
    expect(refused.body.code).toBe('no_valid_agreement');

    // The partner's page shows it all, from the agreement and project topics.
    const partner = await eventually(
      async () =>
        (await http('partners').get(`/partners/${utokyo}`).expect(200)).body as { status: string; activity: object },
      (body) =>
        JSON.stringify(body.activity).includes('"terminated":1') &&
        JSON.stringify(body.activity).includes('"develop":1'),
      30_000,
    );
    expect(partner).toMatchObject({
      status: 'active',
      activity: {
        agreements: { total: 1, byStatus: { terminated: 1 } },
        projects: { total: 1, byStage: { develop: 1 }, closed: 0 },
        lastActivity: expect.stringMatching(/project (flagged|put on hold)|agreement terminated/),
      },
    });

    // The IP office, subscribed to the project topic, sees the filing.
    const consumer = kafka.kafka.consumer({ groupId: `e2e-ip-office-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const filings: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: PROJECT_TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          if (
            message.key?.toString() === projectId &&
            message.headers?.ce_type?.toString() === 'accord.project.patent-filed.v1'
          ) {
            filings.push(message);
          }
          return Promise.resolve();
        },
      });
      await eventually(
        () => Promise.resolve(filings.length),
        (n) => n > 0,
        30_000,
      );
    } finally {
      await consumer.disconnect();
    }
    expect(JSON.parse(filings[0].value!.toString())).toMatchObject({
      projectId,
      outcomeId: filed.body.outcomeId,
      kind: 'patent_filed',
      patent: { jurisdiction: 'JP', applicationNumber: `2026-${suffix}` },
      stage: 'develop',
    });
  }, 120_000);
});
