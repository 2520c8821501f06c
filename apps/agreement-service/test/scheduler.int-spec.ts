import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Clock, FakeClock } from '@accord/platform';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { AgreementServiceModule } from '../src/app.module';
import { AgreementScheduler } from '../src/agreements/scheduler/agreement-scheduler';
import { agreementService } from '../src/service';
import { api } from '../../../test/support/auth';

/**
 * Time-based rules by moving a fake clock, never by waiting, with two instances of the service
 * running their schedulers against one database at the same moments: each change happens once.
 */
describe('the agreement scheduler, two instances, one database', () => {
  let db: TestDatabase;
  const clocks = [new FakeClock(new Date('2026-06-01T08:00:00Z')), new FakeClock(new Date('2026-06-01T08:00:00Z'))];
  const apps: INestApplication[] = [];
  const nict = randomUUID();
  const transgene = randomUUID();

  const at = async (date: string) => {
    clocks.forEach((clock) => clock.set(`${date}T06:00:00Z`));
    // Both instances at once: the race the exactly-once rule is about.
    await Promise.all(apps.map((app) => app.get(AgreementScheduler).tick()));
  };
  const history = async (id: string) =>
    (await api(apps[0]).get(`/agreements/${id}/history`).expect(200)).body as {
      type: string;
      actor: string;
      data: Record<string, unknown>;
    }[];
  const count = async (id: string, type: string) => (await history(id)).filter((event) => event.type === type).length;
  const status = async (id: string) =>
    ((await api(apps[0]).get(`/agreements/${id}`).expect(200)).body as { status: string }).status;

  /** Drafts, approves and has every party sign, on the first instance. */
  async function signed(body: object, partyId: string): Promise<string> {
    const http = () => api(apps[0]);
    const { id } = (await http().post('/agreements').send(body).expect(201)).body as { id: string };
    await http().post(`/agreements/${id}/submit-for-review`).expect(200);
    await http().post(`/agreements/${id}/approve`).expect(200);
    await http().post(`/agreements/${id}/sign`).send({ partyId: 'company' }).expect(200);
    await http().post(`/agreements/${id}/sign`).send({ partyId }).expect(200);
    return id;
  }

  beforeAll(async () => {
    db = await createTestDatabase('scheduler');
    for (const clock of clocks) {
      apps.push(
        await bootService(agreementService, AgreementServiceModule, { DATABASE_URL: db.url }, (builder) =>
          builder.overrideProvider(Clock).useValue(clock),
        ),
      );
    }
    await db.query(
      `INSERT INTO agreement.known_partners (partner_id, name, status, version, updated_at)
       VALUES ($1, 'NICT', 'active', 1, now()), ($2, 'Transgene', 'active', 1, now())`,
      [nict, transgene],
    );
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await db?.drop();
  });

  it('activates on the effective date, opens each renewal window, marks obligations overdue, and expires: each once', async () => {
    const id = await signed(
      {
        type: 'joint_research',
        title: 'Quantum cryptography and secret sharing for biometric data',
        partyIds: [nict],
        ownerId: 'alliance-ai-security',
        technologyAreas: ['quantum-cryptography', 'biometrics'],
        effectiveDate: '2026-07-01',
        expiryDate: '2027-06-30',
      },
      nict,
    );
    expect(await status(id)).toBe('signed');
    await api(apps[0])
      .post(`/agreements/${id}/obligations`)
      .send({ kind: 'report', description: 'Interim report on secret-sharing trials', dueDate: '2026-08-15' })
      .expect(201);

    await at('2026-06-30');
    expect(await status(id)).toBe('signed');
    await at('2026-07-01');
    expect(await status(id)).toBe('active');

    await at('2026-08-15');
    expect(await count(id, 'ObligationOverdue')).toBe(0);
    await at('2026-08-16');
    await at('2026-08-17');
    expect(await count(id, 'ObligationOverdue')).toBe(1);

    for (const [day, window] of [
      ['2027-04-01', 90],
      ['2027-04-02', 90],
      ['2027-05-01', 60],
      ['2027-05-31', 30],
      ['2027-06-29', 30],
    ] as const) {
      await at(day);
      const windows = (await history(id)).filter((event) => event.type === 'AgreementRenewalWindowOpened');
      expect(windows.at(-1)).toMatchObject({ data: { daysBeforeExpiry: window } });
    }
    expect(await count(id, 'AgreementRenewalWindowOpened')).toBe(3);

    await at('2027-06-30');
    expect(await status(id)).toBe('active');
    await at('2027-07-01');
    await at('2027-07-02');
    expect(await status(id)).toBe('expired');

    const events = await history(id);
    for (const type of ['AgreementActivated', 'ObligationOverdue', 'AgreementExpired']) {
      expect(events.filter((event) => event.type === type)).toHaveLength(1);
    }
    expect(events.find((event) => event.type === 'AgreementExpired')).toMatchObject({
      actor: 'system:scheduler',
      data: { expiredOn: '2027-07-01' },
    });
  });

  it('renews an auto-renewing agreement by its term instead of letting it expire', async () => {
    clocks.forEach((clock) => clock.set('2026-06-01T08:00:00Z'));
    const id = await signed(
      {
        type: 'co_development',
        title: 'TG4050 individualised cancer vaccine',
        partyIds: [transgene],
        ownerId: 'alliance-healthcare',
        effectiveDate: '2026-01-01',
        expiryDate: '2026-12-31',
        autoRenew: true,
      },
      transgene,
    );
    expect(await status(id)).toBe('active');
    await at('2027-01-01');
    await at('2027-01-02');
    const detail = (await api(apps[1]).get(`/agreements/${id}`).expect(200)).body as object;
    expect(detail).toMatchObject({ status: 'active', expiryDate: '2027-12-31', renewals: 1 });
    expect(await count(id, 'AgreementRenewed')).toBe(1);
  });
});
