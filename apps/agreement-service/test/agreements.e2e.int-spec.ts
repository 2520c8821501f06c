import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { KafkaMessage } from 'kafkajs';
import { AGREEMENT_TOPIC } from '@accord/contracts';
import { KafkaClient } from '@accord/messaging';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually, onceKnown } from '../../../test/support/eventually';
import { bootService } from '../../../test/support/service';
import { AgreementServiceModule } from '../src/app.module';
import { agreementService } from '../src/service';
import { api } from '../../../test/support/auth';

/**
 * Two services, two databases, one Kafka: the partner service registers partners, the agreement
 * service learns of them only from the partner topic, and announces a fully signed agreement as
 * `partnership.established` for everyone else.
 */
describe('from registered partners to an established partnership', () => {
  const dbs: TestDatabase[] = [];
  let partners: INestApplication;
  let agreements: INestApplication;
  const kafka = new KafkaClient({
    clientId: `e2e-${randomUUID()}`,
    brokers: (process.env.KAFKA_BROKERS ?? '').split(','),
  });
  const suffix = randomUUID().slice(0, 8);

  beforeAll(async () => {
    dbs.push(await createTestDatabase('e2e_partners'), await createTestDatabase('e2e_agreements'));
    partners = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: dbs[0].url });
    agreements = await bootService(agreementService, AgreementServiceModule, { DATABASE_URL: dbs[1].url });
  });

  afterAll(async () => {
    await agreements?.close();
    await partners?.close();
    await kafka.onApplicationShutdown();
    await Promise.all(dbs.map((db) => db.drop()));
  });

  /** Messages on the agreement topic for one agreement, read as an outside service would. */
  async function published(agreementId: string, type: string): Promise<KafkaMessage> {
    const consumer = kafka.kafka.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: AGREEMENT_TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          if (message.key?.toString() === agreementId && message.headers?.ce_type?.toString() === type)
            seen.push(message);
          return Promise.resolve();
        },
      });
      await eventually(
        () => Promise.resolve(seen.length),
        (n) => n > 0,
        30_000,
      );
      return seen[0];
    } finally {
      await consumer.disconnect();
    }
  }

  it('drafts an NDA and a joint research agreement, has every party sign, and publishes partnership.established', async () => {
    const register = async (body: object) =>
      ((await api(partners).post('/partners').send(body).expect(201)).body as { id: string }).id;
    const utokyo = await register({
      name: `University of Tokyo ${suffix}`,
      type: 'university',
      country: 'JP',
      technologyAreas: ['ai'],
    });
    const nict = await register({
      name: `NICT ${suffix}`,
      type: 'research_institute',
      country: 'JP',
      technologyAreas: ['quantum-cryptography'],
    });

    const http = () => api(agreements);
    const nda = {
      type: 'nda',
      title: 'Mutual NDA for quantum-secured biometric storage',
      partyIds: [nict],
      ownerId: 'alliance-ai-security',
      effectiveDate: '2026-01-01',
      expiryDate: '2029-12-31',
    };
    // The agreement service learns of new partners through Kafka: until then, a 422 naming them.
    const drafted = await onceKnown(() => http().post('/agreements').send(nda));
    expect(drafted.status).toBe(201);

    // The two registrations travel on different partitions, so knowing NICT says nothing about
    // UTokyo: this draft waits for its own parties too.
    const researchDraft = await onceKnown(() =>
      http()
        .post('/agreements')
        .send({
          type: 'joint_research',
          title: 'Secret sharing of face-recognition templates across institutes',
          partyIds: [utokyo, nict],
          ownerId: 'alliance-ai-security',
          technologyAreas: ['Quantum Cryptography', 'biometrics'],
          effectiveDate: '2026-04-01',
          expiryDate: '2031-03-31',
          funding: [{ direction: 'outbound', amount: 120000000, currency: 'jpy' }],
          ipTerms: { foregroundOwnership: 'joint', publicationReviewDays: 60, backgroundIpListed: true },
        }),
    );
    expect(researchDraft.status).toBe(201);
    const research = researchDraft.body as { id: string };

    for (const step of ['start-negotiation', 'submit-for-review', 'approve']) {
      await http().post(`/agreements/${research.id}/${step}`).expect(200);
    }
    for (const partyId of [nict, 'company', utokyo]) {
      await http().post(`/agreements/${research.id}/sign`).send({ partyId }).expect(200);
    }

    const message = await published(research.id, 'accord.partnership.established.v1');
    expect(JSON.parse(message.value!.toString())).toMatchObject({
      agreementId: research.id,
      agreementType: 'joint_research',
      partnerIds: [utokyo, nict],
      technologyAreas: ['quantum-cryptography', 'biometrics'],
      effectiveDate: '2026-04-01',
      expiryDate: '2031-03-31',
      ownerId: 'alliance-ai-security',
    });
    expect(message.headers?.ce_source?.toString()).toBe('accord/agreement-service');

    const activeForNict = (await http().get(`/agreements?partnerId=${nict}&status=active`).expect(200)).body as {
      items: { id: string }[];
    };
    expect(activeForNict.items.map((a) => a.id)).toEqual([research.id]);
    const detail = (await http().get(`/agreements/${research.id}`).expect(200)).body as object;
    expect(detail).toMatchObject({
      status: 'active',
      fullyExecuted: true,
      funding: [{ currency: 'JPY', amount: 120000000 }],
    });
  }, 90_000);

  it('refuses a partner archived in the partner service, once the agreement service has heard of it', async () => {
    const { id } = (
      await api(partners)
        .post('/partners')
        .send({ name: `Kabuku ${suffix}`, type: 'startup', country: 'JP' })
        .expect(201)
    ).body as { id: string };
    await api(partners).post(`/partners/${id}/archive`).expect(200);
    const body = {
      type: 'nda',
      title: 'Digital manufacturing NDA',
      partyIds: [id],
      ownerId: 'o',
      effectiveDate: '2026-01-01',
    };
    const refused = await eventually(
      () => api(agreements).post('/agreements').send(body),
      (response) => (response.body as { code?: string }).code === 'party_archived',
      30_000,
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ partyIds: [id] });
  }, 60_000);
});
