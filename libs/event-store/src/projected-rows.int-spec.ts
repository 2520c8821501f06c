import { Column, Entity, PrimaryColumn } from 'typeorm';
import { context, openTestStore, type StoreFixture } from '../test/store.fixture';
import type { LedgerEvent } from '../test/ledger.fixture';
import {
  ConcurrencyError,
  writeRow,
  type DomainEvent,
  type InlineProjection,
  type NewEvent,
  type ProjectedRow,
} from '.';

@Entity('ledgers')
class LedgerEntry {
  @PrimaryColumn('text', { name: 'ledger_id' }) ledgerId!: string;
  @Column('text') owner!: string;
  @Column('int') balance!: number;
  @Column('text', { array: true }) tags!: string[];
  @Column('timestamptz', { name: 'opened_at' }) openedAt!: Date;
  @Column('text', { nullable: true }) note!: string | null;
}

/** An opening's one row: all it does to the read model. */
function openedRow(event: NewEvent): ProjectedRow {
  const { ledgerId, owner } = event.data as { ledgerId: string; owner: string };
  const values: Partial<LedgerEntry> = {
    ledgerId,
    owner,
    balance: 0,
    tags: ['new', owner],
    openedAt: new Date(event.metadata.occurredAt),
  };
  return { entity: LedgerEntry, values };
}

/** A note on a ledger: an update of its row, setting one column. */
function notedRow(event: NewEvent): ProjectedRow {
  const { ledgerId, note } = event.data as { ledgerId: string; note: string };
  return { entity: LedgerEntry, where: { ledgerId }, values: { note } };
}

const ledgers: InlineProjection = {
  name: 'ledgers',
  tables: ['ledgers'],
  handles: ['LedgerOpened', 'LedgerNoted', 'LedgerCredited'],
  row: (event) =>
    event.type === 'LedgerOpened' ? openedRow(event) : event.type === 'LedgerNoted' ? notedRow(event) : undefined,
  async apply(tx, event) {
    if (event.type === 'LedgerOpened') return writeRow(tx, openedRow(event));
    if (event.type === 'LedgerNoted') return writeRow(tx, notedRow(event));
    const { ledgerId, amount } = event.data as { ledgerId: string; amount: number };
    await tx.query('UPDATE ledgers SET balance = balance + $2 WHERE ledger_id = $1', [ledgerId, amount]);
  },
};

const opened = (ledgerId: string, owner = 'NICT'): LedgerEvent => ({ type: 'LedgerOpened', data: { ledgerId, owner } });
const noted = (ledgerId: string, note: string): DomainEvent => ({ type: 'LedgerNoted', data: { ledgerId, note } });

describe('a projection that gives its new rows', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await openTestStore(
      'rows',
      {
        projections: [ledgers],
        publish: (events) => events.map((e) => ({ topic: 'accord.test', key: e.streamId, type: e.type, payload: {} })),
      },
      [
        `CREATE TABLE ledgers (ledger_id text PRIMARY KEY, owner text NOT NULL UNIQUE, balance int NOT NULL,
           tags text[] NOT NULL, opened_at timestamptz NOT NULL, note text DEFAULT 'none')`,
      ],
      [LedgerEntry],
    );
  });
  afterAll(() => f?.close());
  afterEach(() => jest.restoreAllMocks());

  const count = async (table: string) =>
    (await f.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;

  it('has it inserted with the events and their messages, in one statement without a transaction', async () => {
    const transaction = jest.spyOn(f.dataSource.manager, 'transaction');
    await f.store.append('l-1', [opened('l-1')], 0, context());
    expect(transaction).not.toHaveBeenCalled();
    expect(await f.dataSource.query('SELECT * FROM ledgers')).toEqual([
      {
        ledger_id: 'l-1',
        owner: 'NICT',
        balance: 0,
        tags: ['new', 'NICT'],
        opened_at: new Date('2026-04-01T09:00:00Z'),
        // A property left out is the column's default, as with TypeORM's insert.
        note: 'none',
      },
    ]);
    expect([await count('events'), await count('outbox')]).toEqual([1, 1]);
  });

  it("writes nothing when the row breaks a key: the error is TypeORM's, naming the constraint", async () => {
    const failure = await f.store.append('l-2', [opened('l-2')], 0, context()).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'QueryFailedError', code: '23505', constraint: 'ledgers_owner_key' });
    expect([await count('events'), await count('outbox'), await count('ledgers')]).toEqual([1, 1, 1]);
  });

  it('goes through a transaction, as before, when an event has more to do than a new row', async () => {
    const transaction = jest.spyOn(f.dataSource.manager, 'transaction');
    const credited: LedgerEvent = { type: 'LedgerCredited', data: { ledgerId: 'l-3', amount: 5 } };
    await f.store.append('l-3', [opened('l-3', 'AIST'), credited], 0, context());
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(await f.dataSource.query("SELECT balance FROM ledgers WHERE ledger_id = 'l-3'")).toEqual([{ balance: 5 }]);
  });

  it('has an update of one row written in the one statement too, by its key, setting only its values', async () => {
    const transaction = jest.spyOn(f.dataSource.manager, 'transaction');
    await f.store.append('l-1', [noted('l-1', 'audited')], 1, context());
    expect(transaction).not.toHaveBeenCalled();
    expect(await f.dataSource.query('SELECT ledger_id, owner, balance, note FROM ledgers ORDER BY ledger_id')).toEqual([
      { ledger_id: 'l-1', owner: 'NICT', balance: 0, note: 'audited' },
      { ledger_id: 'l-3', owner: 'AIST', balance: 5, note: 'none' },
    ]);
    expect([await count('events'), await count('outbox')]).toEqual([4, 4]);
  });

  it('updates nothing when the append loses to another writer: its version is taken', async () => {
    const failure = await f.store.append('l-1', [noted('l-1', 'stale')], 1, context()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConcurrencyError);
    expect(await f.dataSource.query("SELECT note FROM ledgers WHERE ledger_id = 'l-1'")).toEqual([{ note: 'audited' }]);
    expect([await count('events'), await count('outbox')]).toEqual([4, 4]);
  });

  it('goes through a transaction when two rows are for one table, so that the second sees the first', async () => {
    const transaction = jest.spyOn(f.dataSource.manager, 'transaction');
    await f.store.append('l-4', [opened('l-4', 'KIT'), noted('l-4', 'opened and noted')], 0, context());
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(await f.dataSource.query("SELECT note FROM ledgers WHERE ledger_id = 'l-4'")).toEqual([
      { note: 'opened and noted' },
    ]);
  });

  it('is rebuilt to the same rows by apply', async () => {
    const before = await f.dataSource.query('SELECT * FROM ledgers ORDER BY ledger_id');
    await f.dataSource.query('DELETE FROM ledgers');
    const events = [
      ...(await f.store.readStream('l-1')),
      ...(await f.store.readStream('l-3')),
      ...(await f.store.readStream('l-4')),
    ];
    for (const event of events) await f.dataSource.transaction((tx) => ledgers.apply(tx, event));
    expect(await f.dataSource.query('SELECT * FROM ledgers ORDER BY ledger_id')).toEqual(before);
  });
});
