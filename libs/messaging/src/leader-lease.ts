import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { withTimeout } from './timeout';

export interface LeaderLeaseOptions {
  databaseUrl: string;
  /** What is led: one leader per name (hashed into an advisory lock key). */
  name: string;
  /**
   * How long a leader that went silent keeps the lock: Postgres ends its session once its
   * transaction has been idle this long. Default 6 s.
   */
  leaseMs?: number;
  applicationName: string;
}

/**
 * Leadership that a dead or silently cut connection gives up within `leaseMs`. The advisory lock is a
 * transaction lock, held in a transaction the leader keeps open and renews (a statement in it) every
 * third of the lease; the connection's idle_in_transaction_session_timeout is the lease. When the
 * renewals stop reaching Postgres (the process is gone, or a proxy or firewall on the way swallows
 * packets without closing anything: TCP keepalive cannot see that, the proxy answers the probes),
 * Postgres ends the session after the lease and the lock is free for another instance.
 *
 * The leader side counts from the same clock: the lock is certainly held until the lease has passed
 * since a renewal was *sent* (Postgres can only have gone idle after receiving it), so `held` turns
 * false two thirds into the lease after the last answered renewal, before Postgres can let anyone
 * else take it. (An unanswered renewal is given up then, with the connection.)
 */
export class LeaderLease {
  private readonly logger = new Logger('LeaderLease');
  private readonly leaseMs: number;
  private client?: Client;
  private validUntil = 0;
  private renewal?: NodeJS.Timeout;

  constructor(private readonly options: LeaderLeaseOptions) {
    this.leaseMs = options.leaseMs ?? 6_000;
  }

  /** Whether this instance leads now (and will, at the least, for the time it takes to notice otherwise). */
  get held(): boolean {
    return Date.now() < this.validUntil;
  }

  /**
   * Takes the lock if it is free. A standby asks with one statement, outside a transaction (the lock
   * is released with it), so it holds no transaction between its polls; only if that found the lock
   * free does it take it for good.
   */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = this.client ?? (await this.connect());
    const key = `hashtext(${client.escapeLiteral(this.options.name)})`;
    const [{ free }] = (await this.ask(client, `SELECT pg_try_advisory_xact_lock(${key}) AS free`)).rows as {
      free: boolean;
    }[];
    if (!free) return false;
    const sent = Date.now();
    // One round trip: the transaction and its lock, or (taken meanwhile) nothing.
    const results = (await this.ask(
      client,
      `BEGIN; SELECT pg_try_advisory_xact_lock(${key}) AS locked`,
    )) as unknown as { rows: { locked?: boolean }[] }[];
    if (!results[1].rows[0].locked) {
      await this.ask(client, 'ROLLBACK');
      return false;
    }
    this.extend(sent);
    this.scheduleRenewal();
    return true;
  }

  /** Gives the lock (and its connection) up. */
  async release(): Promise<void> {
    this.validUntil = 0;
    clearTimeout(this.renewal);
    const client = this.client;
    this.client = undefined;
    if (client) await closeConnection(client);
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: this.leaseMs,
      // Postgres ends the session (and the transaction with the lock) when renewals stop coming.
      idle_in_transaction_session_timeout: this.leaseMs,
      statement_timeout: this.leaseMs,
      keepAlive: true,
      keepAliveInitialDelayMillis: this.leaseMs,
    });
    client.on('error', (error) => {
      if (this.client !== client) return;
      this.logger.warn(`${this.options.name}: lock connection lost: ${error.message}`);
      void this.release();
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** A statement on the lock connection, given up (with the connection) if not answered within the lease. */
  private async ask(client: Client, sql: string) {
    try {
      return await withTimeout(client.query(sql), this.leaseMs, `no answer from Postgres in ${this.leaseMs} ms`);
    } catch (error) {
      await this.release();
      throw error;
    }
  }

  private extend(sentAt: number): void {
    this.validUntil = sentAt + (this.leaseMs * 2) / 3;
  }

  private scheduleRenewal(): void {
    this.renewal = setTimeout(() => void this.renew(), this.leaseMs / 3);
    this.renewal.unref();
  }

  private async renew(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const sent = Date.now();
    const deadline = this.validUntil - sent;
    try {
      await withTimeout(client.query('SELECT 1'), Math.max(deadline, 1), 'renewal not answered');
      if (this.client !== client) return;
      this.extend(sent);
      this.scheduleRenewal();
    } catch (error) {
      if (this.client !== client) return;
      this.logger.warn(`${this.options.name}: gave the lock up: ${(error as Error).message}`);
      await this.release();
    }
  }
}

/**
 * Closes a connection. end() waits for Postgres to close it, which a cut connection never does: then
 * its socket is closed at once.
 */
export async function closeConnection(client: Client): Promise<void> {
  await withTimeout(client.end(), 1_000, 'no answer').catch(() =>
    (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy(),
  );
}
