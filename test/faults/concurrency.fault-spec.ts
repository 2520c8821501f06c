import { recordFigures } from './support/figures';
import { startPortfolio, type Portfolio } from './support/portfolio';

const CLIENTS = 100;
const ROUNDS = 3;

/**
 * A hundred people edit the same agreement at the same moment, each from the version they read
 * (`If-Match`). Exactly one edit wins each round; the others are told the agreement changed (412)
 * and nothing of theirs is written; the agreement's stream stays gap-free, one version per win.
 */
describe('100 clients updating one agreement with the same If-Match', () => {
  let portfolio: Portfolio;

  beforeAll(async () => {
    portfolio = await startPortfolio('concurrency');
  }, 180_000);

  afterAll(async () => {
    await portfolio?.stop();
  }, 60_000);

  it('lets exactly one win each round, answers the others 412, and leaves no gap in the stream', async () => {
    const { call, ids, db } = portfolio;
    // A fresh draft: its terms may still be revised.
    const drafted = await call('agreement-service', 'POST', '/agreements', {
      type: 'nda',
      title: 'Concurrent NDA',
      partyIds: [ids.partner],
      ownerId: 'alliance-faults',
      effectiveDate: '2026-02-01',
    });
    expect(drafted.status).toBe(201);
    const id = drafted.body.id as string;
    const rounds: { version: number; ok: number; preconditionFailed: number; other: number[] }[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const version = round + 1;
      const answers = await Promise.all(
        Array.from({ length: CLIENTS }, (_, client) =>
          call(
            'agreement-service',
            'PATCH',
            `/agreements/${id}`,
            { title: `Concurrent NDA, edit ${round}.${client}` },
            {
              'If-Match': `"${version}"`,
            },
          ),
        ),
      );
      rounds.push({
        version,
        ok: answers.filter((answer) => answer.status === 200).length,
        preconditionFailed: answers.filter((answer) => answer.status === 412).length,
        other: answers.map((answer) => answer.status).filter((status) => status !== 200 && status !== 412),
      });
    }

    const stream = await db.query<{ stream_version: number; title: string }>(
      `SELECT stream_version, data->'changes'->>'title' AS title FROM agreement.events
        WHERE stream_id = $1 ORDER BY stream_version`,
      [`agreement-${id}`],
    );
    const [register] = await db.query<{ version: number; title: string }>(
      'SELECT version, title FROM agreement.agreement_register WHERE agreement_id = $1',
      [id],
    );
    recordFigures(
      'concurrency',
      `${CLIENTS} clients x ${ROUNDS} rounds: ${rounds.map((r) => `${r.ok} won / ${r.preconditionFailed} got 412`).join(', ')}; stream versions ${stream.map((e) => e.stream_version).join(',')}`,
      { clients: CLIENTS, rounds, streamVersions: stream.map((event) => event.stream_version) },
    );

    expect(rounds).toEqual(
      Array.from({ length: ROUNDS }, (_, round) => ({
        version: round + 1,
        ok: 1,
        preconditionFailed: CLIENTS - 1,
        other: [],
      })),
    );
    expect(stream.map((event) => event.stream_version)).toEqual([1, 2, 3, 4]);
    // The read model shows the last winner's edit, at the stream's version.
    expect(register).toEqual({ version: 4, title: stream[3].title });
  }, 120_000);
});
