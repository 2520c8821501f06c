import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { KafkaClient, OutboxRelay, isDown } from '@accord/messaging';
import { ConsumerRegistry, type ConsumerLag } from './consumer-registry';
import { ProblemException } from '../http/problem-details';
import { Public } from '../auth/roles';

const CHECK_TIMEOUT_MS = 3_000;

// Orchestrators and monitors probe these without credentials; they expose no partnership data.
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly postgres: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly kafka: KafkaClient,
    private readonly consumers: ConsumerRegistry,
    private readonly relay: OutboxRelay,
  ) {}

  /** How far behind the service is: messages waiting in its outbox, and each consumer's state and lag. */
  @Get('consumers')
  @ApiOperation({ summary: "Outbox backlog, and each Kafka consumer's state (running, crashed...) and lag" })
  async lag(): Promise<{ outboxBacklog: number; consumers: ConsumerLag[] }> {
    return { outboxBacklog: await this.relay.backlog(), consumers: await this.consumers.lag() };
  }

  /** Liveness: the process answers. It checks no dependency, so an orchestrator never restarts a
   * healthy process because Postgres or Kafka is briefly away. */
  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 200 when Postgres and Kafka both answer and no consumer is down (crashed, not running
   * again yet), otherwise 503 naming what is not there.
   */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: Postgres and Kafka are reachable, and every Kafka consumer runs' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.check();
    } catch (error) {
      // Terminus throws a 503 whose body holds the per-dependency results; keep them in the
      // problem details so an operator sees which dependency is down and why.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      throw new ProblemException({
        title: 'Not ready',
        status: 503,
        code: 'not_ready',
        detail: notReadyDetail(result),
        checks: result.details,
      });
    }
  }

  private check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.postgres.pingCheck('postgres', { timeout: CHECK_TIMEOUT_MS }),
      async () => {
        const indicator = this.indicators.check('kafka');
        try {
          return indicator.up(await this.kafka.ping(CHECK_TIMEOUT_MS));
        } catch (error) {
          return indicator.down({ message: (error as Error).message });
        }
      },
      // In memory, no request: each consumer's state as it last changed.
      () => {
        const statuses = this.consumers.statuses();
        const down = statuses.filter(({ status }) => isDown(status)).map(({ name }) => name);
        const consumers = Object.fromEntries(statuses.map(({ name, status }) => [name, status]));
        const indicator = this.indicators.check(CONSUMERS);
        return down.length === 0 ? indicator.up({ down, consumers }) : indicator.down({ down, consumers });
      },
    ]);
  }
}

const CONSUMERS = 'consumers';

/** "unreachable: kafka", "consumers down: known-partners", or both, separated by "; ". */
function notReadyDetail(result: HealthCheckResult): string {
  const failed = result.error ?? {};
  const unreachable = Object.keys(failed).filter((key) => key !== CONSUMERS);
  const consumers = (failed[CONSUMERS]?.down as string[] | undefined) ?? [];
  return [
    ...(unreachable.length > 0 ? [`unreachable: ${unreachable.join(', ')}`] : []),
    ...(consumers.length > 0 ? [`consumers down: ${consumers.join(', ')}`] : []),
  ].join('; ');
}
