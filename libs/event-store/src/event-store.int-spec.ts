import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { context, openTestStore, type StoreFixture } from '../test/store.fixture';
import { ledger, type LedgerEvent } from '../test/ledger.fixture';
import { ConcurrencyError, EventRegistry, START, checkpointAfter, handleCommand, type StoredEvent } from '.';

const opened = (ledgerId: string): LedgerEvent => ({ type: 'LedgerOpened', data: { ledgerId, owner: 'NICT' } });
const credited = (ledgerId: string, amount: number): LedgerEvent => ({
  type: 'LedgerCredited',
  data: { ledgerId, amount },
});

describe('appending', () => {
  let f: StoreFixture;
  beforeAll(async () => (f = await openTestStore('append')));
  afterAll(() => f?.close());

  it('stores events with versions, positions and full metadata', async () => {
    const ctx = context();
    const result = await f.store.append('ledger-1', [opened('ledger-1'), credited('ledger-1', 5)], 0, ctx);
    expect(result.nextExpectedVersion).toBe(2);
    const stream = await f.store.readStream('ledger-1');
    expect(stream.map((e) => [e.type, e.streamVersion])).toEqual([
      ['LedgerOpened', 1],
      ['LedgerCredited', 2],
    ]);
    expect(stream[0].metadata).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      actor: 'user:test',
      occurredAt: '2026-04-01T09:00:00.000Z',
      schemaVersion: 1,
    });
    expect(BigInt(stream[1].globalPosition)).toBeGreaterThan(BigInt(stream[0].globalPosition));
  });

  it('rejects a stale expected version without writing anything', async () => {
    await expect(f.store.append('ledger-1', [credited('ledger-1', 1)], 1, context())).rejects.toThrow(ConcurrencyError);
    await expect(f.store.append('ledger-new', [opened('ledger-new')], 3, context())).rejects.toMatchObject({
      code: 'version_conflict',
      details: { currentVersion: 0 },
    });
    expect(await f.store.version('ledger-1')).toBe(2);
    expect(await f.store.version('ledger-new')).toBe(0);
  });

  it('lets exactly one of 50 concurrent appends with the same expected version win', async () => {
    const stream = `ledger-race-${randomUUID()}`;
    await f.store.append(stream, [opened(stream)], 0, context());
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => f.store.append(stream, [credited(stream, i + 1)], 1, context())),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o) => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.every((o) => o.reason instanceof ConcurrencyError)).toBe(true);
    const versions = (await f.store.readStream(stream)).map((e) => e.streamVersion);
    expect(versions).toEqual([1, 2]);
  });

  it('reads a stream as of a version and as of a time', async () => {
    const stream = `ledger-asof-${randomUUID()}`;
    await f.store.append(stream, [opened(stream)], 0, context());
    await f.store.append(stream, [credited(stream, 10)], 1, context());
    const [{ now }] = await f.dataSource.query<{ now: Date }[]>('SELECT clock_timestamp() AS now');
    await f.store.append(stream, [credited(stream, 20)], 2, context());
    expect((await f.store.readStream(stream, { version: 2 })).map((e) => e.streamVersion)).toEqual([1, 2]);
    expect((await f.store.readStream(stream, { time: now })).map((e) => e.streamVersion)).toEqual([1, 2]);
  });
});

describe("the store's observer", () => {
  const appended: string[][] = [];
  let f: StoreFixture;
  beforeAll(
    async () =>
      (f = await openTestStore('observer', {
        observer: { appended: (events) => appended.push(events.map((e) => `${e.streamId}@${e.streamVersion}`)) },
      })),
  );
  afterAll(() => f?.close());

  it('hears of each committed append, made through handleCommand or not, and not of a refused one', async () => {
    await f.store.append('ledger-o', [opened('ledger-o'), credited('ledger-o', 1)], 0, context());
    await expect(f.store.append('ledger-o', [credited('ledger-o', 2)], 0, context())).rejects.toThrow(ConcurrencyError);
    await handleCommand(
      f.store,
      ledger,
      'ledger-o',
      { type: 'CreditLedger', ledgerId: 'ledger-o', amount: 3 },
      { context: context() },
    );
    expect(appended).toEqual([['ledger-o@1', 'ledger-o@2'], ['ledger-o@3']]);
  });
});

describe('reading all events in pages', () => {
  let f: StoreFixture;
  beforeAll(async () => (f = await openTestStore('read-all')));
  afterAll(() => f?.close());

  it('returns every event once, in order, across pages and past two-digit positions', async () => {
    // Twelve events in one transaction: positions 1 to 12 share a transaction id.
    await f.store.append(
      'batch',
      Array.from({ length: 12 }, (_, i) => credited('batch', i + 1)),
      0,
      context(),
    );
    for (let i = 0; i < 25; i++) await f.store.append(`s-${i % 4}`, [opened(`s-${i}`)], Math.floor(i / 4), context());
    const seen: StoredEvent[] = [];
    let checkpoint = START;
    for (
      let page = await f.store.readAll(checkpoint, 7);
      page.length > 0;
      page = await f.store.readAll(checkpoint, 7)
    ) {
      seen.push(...page);
      checkpoint = checkpointAfter(page[page.length - 1]);
    }
    const positions = seen.map((e) => Number(e.globalPosition));
    expect(positions).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
  });
});

describe('handling a command', () => {
  let f: StoreFixture;
  beforeAll(async () => (f = await openTestStore('command')));
  afterAll(() => f?.close());

  it('folds, decides and appends; a command deciding nothing appends nothing', async () => {
    const id = `ledger-${randomUUID()}`;
    await handleCommand(
      f.store,
      ledger,
      id,
      { type: 'OpenLedger', ledgerId: id, owner: 'AIST' },
      { context: context() },
    );
    const result = await handleCommand(
      f.store,
      ledger,
      id,
      { type: 'CreditLedger', ledgerId: id, amount: 7 },
      {
        context: context(),
      },
    );
    expect(result).toMatchObject({ version: 2, state: { open: true, balance: 7 } });
    const none = await handleCommand(
      f.store,
      ledger,
      id,
      { type: 'CreditLedger', ledgerId: id, amount: 0 },
      {
        context: context(),
      },
    );
    expect(none).toMatchObject({ version: 2, events: [] });
  });

  it('retries on fresh state when the caller pinned no version, so concurrent credits all count', async () => {
    const id = `ledger-${randomUUID()}`;
    await handleCommand(
      f.store,
      ledger,
      id,
      { type: 'OpenLedger', ledgerId: id, owner: 'AIST' },
      { context: context() },
    );
    await Promise.all(
      Array.from({ length: 3 }, () =>
        handleCommand(
          f.store,
          ledger,
          id,
          { type: 'CreditLedger', ledgerId: id, amount: 1 },
          {
            context: context(),
            maxAttempts: 5,
          },
        ),
      ),
    );
    const final = await handleCommand(
      f.store,
      ledger,
      id,
      { type: 'CreditLedger', ledgerId: id, amount: 1 },
      {
        context: context(),
      },
    );
    expect(final.state.balance).toBe(4);
  });

  it('answers a pinned, stale version (a stale If-Match) with a concurrency error', async () => {
    const id = `ledger-${randomUUID()}`;
    await handleCommand(
      f.store,
      ledger,
      id,
      { type: 'OpenLedger', ledgerId: id, owner: 'AIST' },
      { context: context() },
    );
    await handleCommand(f.store, ledger, id, { type: 'CreditLedger', ledgerId: id, amount: 1 }, { context: context() });
    await expect(
      handleCommand(
        f.store,
        ledger,
        id,
        { type: 'CreditLedger', ledgerId: id, amount: 1 },
        {
          context: context(),
          expectedVersion: 1,
        },
      ),
    ).rejects.toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
  });
});

describe('reading all events while transactions commit out of order', () => {
  let f: StoreFixture;
  let releaseSlowAppend!: () => void;
  const slowAppendHeld = new Promise<void>((resolve) => (releaseSlowAppend = resolve));
  let slowAppendInside!: () => void;
  const slowAppendStarted = new Promise<void>((resolve) => (slowAppendInside = resolve));

  beforeAll(async () => {
    f = await openTestStore('late-commit', {
      // A projection that holds its append's transaction open until the test lets it go: the event
      // row is inserted (its position taken) but not committed.
      projections: [
        {
          name: 'gate',
          tables: [],
          handles: ['LedgerOpened'],
          apply: async (_tx: EntityManager, event: StoredEvent) => {
            if ((event.data as { owner: string }).owner !== 'slow') return;
            slowAppendInside();
            await slowAppendHeld;
          },
        },
      ],
    });
  });
  afterAll(() => f?.close());

  it('never skips an event whose transaction commits after later positions were read', async () => {
    const seen: StoredEvent[] = [];
    let checkpoint = START;
    const poll = async () => {
      for (;;) {
        const batch = await f.store.readAll(checkpoint, 100);
        if (batch.length === 0) return;
        seen.push(...batch);
        checkpoint = checkpointAfter(batch[batch.length - 1]);
      }
    };

    await f.store.append('early', [opened('early')], 0, context());
    const slow = f.store.append(
      'slow',
      [{ type: 'LedgerOpened', data: { ledgerId: 'slow', owner: 'slow' } }],
      0,
      context(),
    );
    await slowAppendStarted;
    for (let i = 0; i < 5; i++) await f.store.append(`later-${i}`, [opened(`later-${i}`)], 0, context());

    // The slow append holds an earlier position than the five later ones, which have committed.
    await poll();
    expect(seen.map((e) => e.streamId)).toEqual(['early']);

    releaseSlowAppend();
    await slow;
    await poll();
    expect(seen.map((e) => e.streamId).sort()).toEqual([
      'early',
      'later-0',
      'later-1',
      'later-2',
      'later-3',
      'later-4',
      'slow',
    ]);
    expect(new Set(seen.map((e) => e.metadata.eventId)).size).toBe(7);
  });
});

describe('an inline projection', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openTestStore(
      'inline',
      {
        projections: [
          {
            name: 'balances',
            tables: ['balances'],
            handles: ['LedgerOpened', 'LedgerCredited'],
            apply: async (tx, event) => {
              const { ledgerId, amount } = event.data as { ledgerId: string; amount?: number };
              if (amount !== undefined && amount < 0) throw new Error('the projection refuses negative credits');
              await tx.query(
                `INSERT INTO balances (ledger_id, balance) VALUES ($1, $2)
                 ON CONFLICT (ledger_id) DO UPDATE SET balance = balances.balance + EXCLUDED.balance`,
                [ledgerId, amount ?? 0],
              );
            },
          },
        ],
        publish: (events, state) =>
          events.map((e) => ({
            topic: 'accord.test.ledger',
            key: e.streamId,
            type: `test.${e.type}`,
            payload: { ...e.data, ...(state !== undefined && { after: state }) },
          })),
      },
      ['CREATE TABLE balances (ledger_id text PRIMARY KEY, balance int NOT NULL)'],
    );
  });
  afterAll(() => f?.close());

  it('is up to date as soon as the append returns, with the outbox written in the same transaction', async () => {
    await f.store.append('l-1', [opened('l-1'), credited('l-1', 3)], 0, context());
    expect(await f.dataSource.query('SELECT balance FROM balances WHERE ledger_id = $1', ['l-1'])).toEqual([
      { balance: 3 },
    ]);
    const outbox = await f.dataSource.query<{ topic: string; message_key: string; headers: Record<string, string> }[]>(
      'SELECT topic, message_key, headers FROM outbox ORDER BY id',
    );
    expect(outbox).toHaveLength(2);
    expect(outbox[1]).toMatchObject({
      topic: 'accord.test.ledger',
      message_key: 'l-1',
      headers: { ce_type: 'test.LedgerCredited', ce_source: 'accord/test', ce_specversion: '1.0', actor: 'user:test' },
    });
  });

  it('takes the append down with it when it fails: no event, no read-model change, no message', async () => {
    await expect(f.store.append('l-1', [credited('l-1', -1)], 2, context())).rejects.toThrow('negative credits');
    expect(await f.store.version('l-1')).toBe(2);
    expect(await f.dataSource.query('SELECT balance FROM balances WHERE ledger_id = $1', ['l-1'])).toEqual([
      { balance: 3 },
    ]);
    expect(await f.dataSource.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 2 }]);
  });

  it('queues nothing for a stale append; a publisher is given the state after the events', async () => {
    await expect(f.store.append('l-1', [credited('l-1', 5)], 1, context(), { balance: 8 })).rejects.toThrow(
      ConcurrencyError,
    );
    expect(await f.dataSource.query('SELECT count(*)::int AS n FROM outbox')).toEqual([{ n: 2 }]);
    await f.store.append('l-1', [credited('l-1', 5), credited('l-1', 1)], 2, context(), { balance: 9 });
    const queued = await f.dataSource.query<{ payload: object }[]>('SELECT payload FROM outbox ORDER BY id');
    expect(queued.slice(2).map((row) => row.payload)).toEqual([
      { ledgerId: 'l-1', amount: 5, after: { balance: 9 } },
      { ledgerId: 'l-1', amount: 1, after: { balance: 9 } },
    ]);
  });
});

describe('upcasting', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    // v1 had a single `contact` string; v2 splits it into a name and an e-mail.
    const registry = new EventRegistry([
      {
        type: 'LedgerOpened',
        version: 2,
        upcasters: {
          1: (data: { ledgerId: string; contact: string }) => {
            const [, name, email] = /^(.*) <(.*)>$/.exec(data.contact) ?? [];
            return { ledgerId: data.ledgerId, owner: name, ownerEmail: email };
          },
        },
      },
    ]);
    f = await openTestStore('upcast', { registry });
  });
  afterAll(() => f?.close());

  it('reads a stored v1 event as v2, and writes new events as v2', async () => {
    await f.dataSource.query(
      `INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata)
       VALUES (gen_random_uuid(), 'old', 1, 'LedgerOpened', 1, $1, $2)`,
      [{ ledgerId: 'old', contact: 'Ada Lovelace <ada@example.org>' }, { actor: 'user:legacy' }],
    );
    const [event] = await f.store.readStream('old');
    expect(event.data).toEqual({ ledgerId: 'old', owner: 'Ada Lovelace', ownerEmail: 'ada@example.org' });
    expect(event.metadata.schemaVersion).toBe(2);

    await f.store.append(
      'new',
      [{ type: 'LedgerOpened', data: { ledgerId: 'new', owner: 'B', ownerEmail: 'b@x' } }],
      0,
      context(),
    );
    const [row] = await f.dataSource.query<{ schema_version: number }[]>(
      `SELECT schema_version FROM events WHERE stream_id = 'new'`,
    );
    expect(row.schema_version).toBe(2);
  });
});

describe("appending in the caller's transaction (within)", () => {
  let f: StoreFixture;
  beforeAll(async () => (f = await openTestStore('within')));
  afterAll(() => f?.close());

  it('commits with the caller, or rolls back with it', async () => {
    const kept = `ledger-${randomUUID()}`;
    await f.store.dataSource.transaction((tx) => f.store.within(tx).append(kept, [opened(kept)], 0, context()));
    expect(await f.store.version(kept)).toBe(1);

    const dropped = `ledger-${randomUUID()}`;
    const failed = new Error('the rest of the caller’s work failed');
    await expect(
      f.store.dataSource.transaction(async (tx) => {
        const inside = f.store.within(tx);
        await inside.append(dropped, [opened(dropped), credited(dropped, 3)], 0, context());
        // Read in the caller's transaction: its own write is visible there, and nowhere else yet.
        expect(await inside.version(dropped)).toBe(2);
        expect(await f.store.version(dropped)).toBe(0);
        throw failed;
      }),
    ).rejects.toBe(failed);
    expect(await f.store.version(dropped)).toBe(0);
  });

  it('rolls back only the append that lost a race, so the caller can retry in the same transaction', async () => {
    const stream = `ledger-${randomUUID()}`;
    await f.store.append(stream, [opened(stream)], 0, context());
    await f.store.dataSource.transaction(async (tx) => {
      const inside = f.store.within(tx);
      await expect(inside.append(stream, [credited(stream, 1)], 0, context())).rejects.toThrow(ConcurrencyError);
      // The transaction is still usable: the decider's retry on fresh state goes through.
      await handleCommand(
        inside,
        ledger,
        stream,
        { type: 'CreditLedger', ledgerId: stream, amount: 2 },
        { context: context() },
      );
    });
    expect((await f.store.readStream(stream)).map((e) => e.type)).toEqual(['LedgerOpened', 'LedgerCredited']);
  });
});
