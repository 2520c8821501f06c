/**
 * Propagation: from the HTTP response to the signature that fully executes an agreement (agreement
 * service) to the moment the partner service's read model shows the agreement signed: the outbox
 * relay, Kafka, the partner service's consumer and its transaction, at a steady rate of commands.
 *
 * The moment is taken with a trigger on the read model's table (`partner_agreements`) that NOTIFYs
 * the bench; Postgres delivers a NOTIFY when the transaction commits, which is when a reader sees
 * the row. The trigger is added to the bench's own database only.
 */
import type { Client } from 'pg';
import { Api } from './support/api';
import { config } from './support/config';
import { check, ms, type Check, type PartReport } from './support/report';
import { median, percentile, pool, sleep, whole } from './support/stats';
import { settle, type Suite } from './support/suite';

/** Signatures a second: one the machine carries easily, and the target's (issue #22: 200/s). */
const RATES = [50, 200];
const TARGET_RATE = 200;

interface Prepared {
  agreementId: string;
  partnerId: string;
}

const WATCH = `
  CREATE FUNCTION partner.bench_signed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.status IN ('signed', 'active') THEN PERFORM pg_notify('bench_signed', NEW.agreement_id::text); END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER bench_signed AFTER INSERT OR UPDATE ON partner.partner_agreements
    FOR EACH ROW EXECUTE FUNCTION partner.bench_signed();`;

/** Agreements approved and signed by our side, waiting for their partner's signature. */
async function prepare(api: Api, suite: Suite, partners: string[], count: number): Promise<Prepared[]> {
  const prepared: Prepared[] = [];
  await pool(count, 16, async (i) => {
    const partnerId = partners[i % partners.length];
    prepared.push({ agreementId: await api.agreement(partnerId, 'company-signed'), partnerId });
  });
  // Everyone must have caught up with all that: the signatures measured must not queue behind it.
  await settle(suite);
  return prepared;
}

/** Sends the signatures at `rate` a second (open loop: a slow answer does not slow the sending). */
async function measure(
  api: Api,
  suite: Suite,
  client: Client,
  agreements: Prepared[],
  rate: number,
): Promise<number[]> {
  const answered = new Map<string, number>();
  const shown = new Map<string, number>();
  const listener = (message: { channel: string; payload?: string }) => {
    if (message.channel === 'bench_signed' && message.payload && !shown.has(message.payload)) {
      shown.set(message.payload, performance.now());
    }
  };
  client.on('notification', listener);
  const url = suite.services['agreement-service'].url;
  const inFlight: Promise<void>[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (let i = 0; i < agreements.length;) {
    const due = Math.min(agreements.length, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; i < due; i++) {
      const { agreementId, partnerId } = agreements[i];
      inFlight.push(
        fetch(`${url}/agreements/${agreementId}/sign`, {
          method: 'POST',
          headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ partyId: partnerId }),
        }).then(async (response) => {
          answered.set(agreementId, performance.now());
          const body = await response.text();
          if (!response.ok) failures.push(`${response.status} ${body}`);
        }),
      );
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw new Error(`${failures.length} signatures failed, e.g. ${failures[0]}`);
  for (let waited = 0; shown.size < agreements.length && waited < 30_000; waited += 50) await sleep(50);
  client.removeListener('notification', listener);
  if (shown.size < agreements.length)
    throw new Error(`${agreements.length - shown.size} signatures never reached the partner service`);
  return agreements.map(({ agreementId }) => shown.get(agreementId)! - answered.get(agreementId)!);
}

export async function propagationBench(suite: Suite, rounds = config.suiteRounds): Promise<PartReport> {
  const api = await Api.as(suite);
  const client = await suite.db.client();
  try {
    await client.query(WATCH);
    await client.query('LISTEN bench_signed');
    const partners = await Promise.all(Array.from({ length: 20 }, () => api.registerPartner()));
    const count = (rate: number) => Math.round(rate * config.propagationSeconds);
    process.stdout.write(
      `propagation: preparing ${whole(rounds * RATES.reduce((sum, r) => sum + count(r), 0))} agreements...\n`,
    );
    const samples = new Map<number, { p50: number; p99: number }[]>();
    for (let round = 1; round <= rounds; round++) {
      for (const rate of RATES) {
        const agreements = await prepare(api, suite, partners, count(rate));
        await sleep(1_000);
        const latencies = await measure(api, suite, client, agreements, rate);
        samples.set(rate, [
          ...(samples.get(rate) ?? []),
          { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
        ]);
      }
      process.stdout.write(`propagation: round ${round}/${rounds} done\n`);
    }
    const rows: string[][] = [];
    const checks: Check[] = [];
    for (const rate of RATES) {
      const s = samples.get(rate)!;
      const [p50, p99] = [median(s.map((x) => x.p50)), median(s.map((x) => x.p99))];
      rows.push([`${rate} signatures/s`, whole(count(rate)), ms(p50), ms(p99)]);
      if (rate === TARGET_RATE) {
        checks.push(check(`propagation p50 < 20 ms at ${rate}/s`, ms(p50), p50 < 20));
        checks.push(check(`propagation p99 < 100 ms at ${rate}/s`, ms(p99), p99 < 100));
      }
    }
    return {
      part: 'propagation',
      tables: [
        {
          title: `Propagation, agreement signed → partner read model, through Kafka (median of ${rounds} rounds)`,
          columns: ['rate', 'signatures a round', 'p50', 'p99'],
          rows,
        },
      ],
      checks,
      data: Object.fromEntries([...samples].map(([rate, s]) => [rate, s])),
    };
  } finally {
    await client.end();
  }
}
