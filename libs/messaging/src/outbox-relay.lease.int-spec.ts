import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { waitUntil } from '../../../scripts/infra/processes';
import { context, openTestStore, type StoreFixture } from '../../event-store/test/store.fixture';
import { publishTo, readTopic } from '../test/kafka.fixture';
import { KafkaClient } from './kafka-client';
import { OUTBOX_PARKING_SQL } from './outbox-parking.migration';
import { OutboxRelay } from './outbox-relay';

const run = randomUUID().slice(0, 8);

/**
 * A TCP proxy to Postgres that can go silent: it then forwards nothing more, either way, and closes
 * nothing (no FIN, no RST), like a NAT table or a firewall that dropped the connection. Both ends see
 * an open socket, and their keepalive probes are answered by the proxy's own TCP stack.
 */
class SilentProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private silent = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.server = createServer((client) => {
      this.sockets.add(client);
      if (this.silent) return void client.pause();
      const upstream = connect(this.port, this.host);
      this.sockets.add(upstream);
      for (const socket of [client, upstream]) socket.on('error', () => undefined);
      client.on('data', (chunk) => void (this.silent || upstream.write(chunk)));
      upstream.on('data', (chunk) => void (this.silent || client.write(chunk)));
      client.on('end', () => void (this.silent || upstream.end()));
      upstream.on('end', () => void (this.silent || client.end()));
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  /** From now on, nothing gets through, and nothing is closed. */
  goSilent(): void {
    this.silent = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('two relays, when the leader’s connection to Postgres goes silent without closing', () => {
  const topic = `test.lease.${run}`;
  const client = new KafkaClient({ clientId: `lease-${run}`, brokers: (process.env.KAFKA_BROKERS ?? '').split(',') });
  let f: StoreFixture;
  let proxy: SilentProxy;
  let first: OutboxRelay;
  let second: OutboxRelay;

  beforeAll(async () => {
    // The lost lock and connections are logged as warnings; here they are expected.
    Logger.overrideLogger(false);
    await client.ensureTopics([{ topic, numPartitions: 1 }]);
    f = await openTestStore('lease', publishTo(topic), OUTBOX_PARKING_SQL);
    const direct = new URL(f.db.url);
    proxy = new SilentProxy(direct.hostname, Number(direct.port));
    const proxied = new URL(f.db.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(await proxy.listen());
    // The service's defaults, but for the fallback poll (5 s): the lease is what is measured here.
    const relay = (url: string) =>
      new OutboxRelay(f.dataSource, client, { schema: 'store_test', databaseUrl: url, pollIntervalMs: 1_000 });
    first = relay(proxied.toString());
    first.start();
    await waitUntil(() => first.isLeader, 10_000);
    second = relay(f.db.url);
    second.start();
  }, 60_000);

  afterAll(async () => {
    // The silent sockets first: closing them lets the first relay's stop() finish.
    await proxy?.close();
    await Promise.all([first?.stop(), second?.stop()]);
    await f?.close();
    await client.onApplicationShutdown();
  }, 30_000);

  it('lets the other relay take the lock and publish within seconds', async () => {
    await f.store.append('s', [{ type: 'Happened', data: {} }], 0, context());
    expect(await readTopic(client, topic, 1)).toHaveLength(1);
    expect([first.isLeader, second.isLeader]).toEqual([true, false]);

    proxy.goSilent();
    const cut = Date.now();
    await f.store.append('s', [{ type: 'Happened', data: {} }], 1, context());

    // The silent leader gives the lock up on its side before Postgres frees it (two thirds of the
    // 6 s lease after its last answered renewal); the standby takes it at its next poll after that.
    const secondsUntil = async (condition: () => boolean | Promise<boolean>) =>
      (await waitUntil(condition, 20_000, 100)) ? (Date.now() - cut) / 1000 : Infinity;
    const [gaveUp, tookOver] = await Promise.all([
      secondsUntil(() => !first.isLeader),
      secondsUntil(async () => second.isLeader && (await second.backlog()) === 0),
    ]);
    console.log(`the silent leader gave up after ${gaveUp} s; the standby published after ${tookOver} s`);
    // Lease (6 s) + the standby's poll (1 s) + a renewal's period, with room for a slow machine.
    expect(tookOver).toBeLessThan(12);
    expect(gaveUp).toBeLessThan(6);
    const versions = (await readTopic(client, topic, 2)).map(
      (m) => (JSON.parse(m.value!.toString()) as { version: number }).version,
    );
    expect(versions).toEqual([1, 2]);
    expect(first.isLeader).toBe(false);
  }, 60_000);
});
