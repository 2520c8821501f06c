import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError, PostgresEventStore, type CommandContext } from '@accord/event-store';
import { Clock, ServiceEnvironment, Writer } from '@accord/platform';
import { agreementDecider, type AgreementCommand } from '../agreement.decide';

export interface TickResult {
  /** Commands sent; each decided nothing, or recorded its event once. */
  checked: number;
  failed: number;
}

/**
 * Time-based rules, run every SCHEDULER_INTERVAL_MS against the injected clock: agreements come
 * into force on their effective date, renewal windows open 90, 60 and 30 days before expiry,
 * agreements expire (or renew themselves, with autoRenew), obligations go overdue.
 *
 * Exactly once, even with several instances running: each rule is a command to the decider, which
 * decides nothing when the change has been made; two instances deciding at once append with the same
 * expected version, and the second one's conflict is retried on fresh state, where it decides nothing.
 */
@Injectable()
export class AgreementScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AgreementScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<TickResult>;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly writer: Writer,
    private readonly clock: Clock,
    private readonly env: ServiceEnvironment,
  ) {}

  onApplicationBootstrap(): void {
    // A first pass at start: what fell due while the service was down is caught up at once.
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.env.SCHEDULER_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every rule, as of the clock's today. Overlapping calls share one pass. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const today = this.clock.today();
    const db = this.store.dataSource;
    const due: [string, AgreementCommand][] = [];
    const ids = async (sql: string) => (await db.query<{ id: string }[]>(sql, [today])).map((row) => row.id);

    for (const id of await ids(
      `SELECT agreement_id AS id FROM agreement_register WHERE status = 'signed' AND effective_date <= $1`,
    )) {
      due.push([id, { type: 'Activate', today }]);
    }
    for (const id of await ids(
      `SELECT agreement_id AS id FROM agreement_register
        WHERE status IN ('signed', 'active') AND expiry_date >= $1 AND expiry_date <= $1::date + 90`,
    )) {
      due.push([id, { type: 'OpenRenewalWindow', today }]);
    }
    for (const id of await ids(
      `SELECT agreement_id AS id FROM agreement_register WHERE status IN ('signed', 'active') AND expiry_date < $1`,
    )) {
      due.push([id, { type: 'Expire', today }]);
    }
    const overdue = await db.query<{ agreement_id: string; obligation_id: string }[]>(
      `SELECT agreement_id, obligation_id FROM agreement_obligations WHERE status = 'open' AND due_date < $1`,
      [today],
    );
    for (const { agreement_id, obligation_id } of overdue) {
      due.push([agreement_id, { type: 'MarkObligationOverdue', obligationId: obligation_id, today }]);
    }

    let failed = 0;
    const correlationId = randomUUID();
    for (const [agreementId, command] of due) {
      const context: CommandContext = {
        correlationId,
        causationId: correlationId,
        actor: 'system:scheduler',
        now: this.clock.now(),
      };
      try {
        await this.writer.write(agreementDecider, agreementId, command, { context });
      } catch (error) {
        // One agreement's trouble (terminated meanwhile, say) must not hold up the others.
        failed++;
        const level = error instanceof DomainError ? 'warn' : 'error';
        this.logger[level](`${command.type} on ${agreementId} failed: ${(error as Error).message}`);
      }
    }
    return { checked: due.length, failed };
  }
}
