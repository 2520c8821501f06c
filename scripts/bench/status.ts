/**
 * Status changes: agreements taken from draft through negotiation and review to approval by 10
 * clients at once, three writes each that change the register's status and nothing else, with the
 * whole suite taking in what each publishes. Their rate and the CPU each process spends a change:
 * the path of every write that is not a create (read the stream, decide, append at its version).
 */
import { Api, draftRequest } from './support/api';
import { CpuMeter, MACHINE, suiteMeter } from './support/cpu';
import { config } from './support/config';
import type { PartReport } from './support/report';
import { median, whole } from './support/stats';
import { settle, type Suite } from './support/suite';

const STEPS = ['start-negotiation', 'submit-for-review', 'approve'] as const;
const CLIENTS = 10;

export async function statusBench(suite: Suite, rounds = config.suiteRounds): Promise<PartReport> {
  const api = await Api.as(suite);
  const partnerId = await api.registerPartner();
  // The first draft waits until agreement-service has heard of the partner.
  await api.okOnceKnown('agreement-service', 'POST', '/agreements', draftRequest([partnerId]));
  const meter = await suiteMeter(suite);
  const rates: number[] = [];
  const cpu: Record<string, number>[] = [];
  // A round more than measured, first: the JIT compilers' warm-up, as the HTTP part's.
  for (let round = 0; round <= rounds; round++) {
    const ids: string[] = [];
    for (let i = 0; i < config.statusAgreements; i++) {
      const { body } = await api.ok('agreement-service', 'POST', '/agreements', draftRequest([partnerId]));
      ids.push(body.id as string);
    }
    await settle(suite);
    const before = meter.read();
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < ids.length) {
          const id = ids[next++];
          for (const step of STEPS) await api.ok('agreement-service', 'POST', `/agreements/${id}/${step}`);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    // What the other services, the dashboard and the broker spend taking the messages in counts too.
    await settle(suite);
    const spent = CpuMeter.spent(before, meter.read());
    const changes = ids.length * STEPS.length;
    if (round > 0) {
      rates.push(changes / seconds);
      cpu.push(Object.fromEntries(Object.entries(spent).map(([name, ms]) => [name, ms / changes])));
    }
    process.stdout.write(`status: round ${round}/${rounds} done${round === 0 ? ' (warm-up)' : ''}\n`);
  }
  const perChange = (name: string) => median(cpu.map((round) => round[name] ?? 0));
  const processes = [
    'agreement-service',
    'partner-service',
    'project-service',
    'dashboard',
    'Kafka broker',
    'Postgres',
  ];
  return {
    part: 'status',
    tables: [
      {
        title: `Status changes, ${CLIENTS} clients, ${whole(config.statusAgreements)} agreements × ${STEPS.length} (median of ${rounds} rounds)`,
        columns: ['changes/s', ...processes.map((name) => `${name} ms`), `${MACHINE} ms`],
        textColumns: 0,
        rows: [
          [whole(median(rates)), ...processes.map((name) => perChange(name).toFixed(1)), perChange(MACHINE).toFixed(1)],
        ],
        notes: ['CPU a change, for each process and the whole machine, until every consumer has caught up.'],
      },
    ],
    checks: [],
    data: { rates, cpu },
  };
}
