import type { INestApplication } from '@nestjs/common';
import { Clock, FakeClock } from '@accord/platform';
import { PartnerServiceModule } from '../apps/partner-service/src/app.module';
import { partnerService } from '../apps/partner-service/src/service';
import { api } from './support/auth';
import { createTestDatabase, type TestDatabase } from './support/database';
import { bootService } from './support/service';

/**
 * One clock per service: the time a command records (its events' `occurredAt`, shown in the history)
 * and the `today` its rules check dates against both come from the injected `Clock`. Before, the
 * request stamped the wall clock's time, so a service whose clock said 2031 recorded today.
 */
describe('one clock: what a command records and what its rules call today', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new FakeClock(new Date('2031-01-02T03:04:05.000Z'));

  beforeAll(async () => {
    db = await createTestDatabase('one_clock');
    app = await bootService(partnerService, PartnerServiceModule, { DATABASE_URL: db.url }, (builder) =>
      builder.overrideProvider(Clock).useValue(clock),
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('records each act at the clock’s time, and checks its dates against the clock’s day', async () => {
    const created = await api(app)
      .post('/partners')
      .send({ name: 'Clockwork Institute', type: 'research_institute', country: 'CH', technologyAreas: ['ai'] })
      .expect(201);
    const id = (created.body as { id: string }).id;

    clock.set('2031-02-03T04:05:06.000Z');
    // The day after the clock's today is in the future: refused by the rule that reads the same clock.
    await api(app).patch(`/partners/${id}`).send({ tier: 'key', effectiveOn: '2031-02-04' }).expect(422);
    await api(app).patch(`/partners/${id}`).send({ tier: 'key', effectiveOn: '2031-02-03' }).expect(200);

    const history = (await api(app).get(`/partners/${id}/history`).expect(200)).body as { occurredAt: string }[];
    // The fake clock runs on from where it was set, as a real one does: within a minute of it.
    const [registered, changed] = history.map((entry) => Date.parse(entry.occurredAt));
    expect(registered - Date.parse('2031-01-02T03:04:05.000Z')).toBeGreaterThanOrEqual(0);
    expect(registered - Date.parse('2031-01-02T03:04:05.000Z')).toBeLessThan(60_000);
    expect(changed - Date.parse('2031-02-03T04:05:06.000Z')).toBeGreaterThanOrEqual(0);
    expect(changed - Date.parse('2031-02-03T04:05:06.000Z')).toBeLessThan(60_000);
  });
});
