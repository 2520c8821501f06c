import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchApplier } from './batch-applier';
import type { ConsumerLogger } from './consumer-logger';
import { closeRun, createRun, startRun, type Run, type RunHooks, type RunSettings } from './consumer-run';
import { kindOf } from './consumer-status';
import type { RestartBackoff } from './restart-backoff';
import type { StatusBoard } from './status-board';

export interface RunnerParts {
  applier: BatchApplier;
  board: StatusBoard;
  restarts: RestartBackoff;
  deadLetterTopic: (topic: string) => string;
  logger: ConsumerLogger;
}

/**
 * Starts and stops the consumer's runs, and replaces a run kafkajs stopped for good (its CRASH
 * event without a restart) after a backoff, until one is up or the consumer is stopped.
 */
export class ConsumerRunner {
  /** Set from start() to stop(): a consumer that dies meanwhile is restarted; aborted to end a restart's wait. */
  private active?: AbortController;
  /** The restart loop, if one runs (never two: a crash during it is its business). */
  private recovery?: Promise<void>;
  private recovering = false;
  private run?: Run;

  constructor(
    private readonly settings: RunSettings,
    private readonly parts: RunnerParts,
  ) {}

  async start(): Promise<void> {
    if (this.active) throw new Error(`consumer ${this.settings.name} is already started`);
    this.active = new AbortController();
    this.parts.board.enter('starting');
    try {
      await this.open();
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.parts.logger.log(`consuming ${this.settings.topics.join(', ')}`);
  }

  async stop(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = undefined;
    active.abort();
    // A restart in progress ends at its wait, or once its consumer is open, which is closed below.
    await this.recovery;
    const run = this.run;
    this.run = undefined;
    try {
      if (run) await closeRun(run, this.parts.logger);
    } finally {
      this.parts.board.enter('stopped');
    }
  }

  /** A new kafkajs consumer and producer, connected, subscribed and running: one run of the consumer. */
  private async open(): Promise<Run> {
    const { client, topics } = this.settings;
    const { logger, applier } = this.parts;
    // The broker does not create topics on first use; a dead letter must have somewhere to go
    // before the first poison message turns up.
    await client.ensureTopics(topics.map((topic) => ({ topic: this.parts.deadLetterTopic(topic) })));
    const hooks: RunHooks = {
      crashed: (error, restart) => this.crashed(run, error, restart),
      joined: () => this.joined(run),
      batch: (payload) => applier.apply(payload, run),
    };
    const run = createRun(this.settings, hooks, logger);
    this.run = run;
    try {
      await startRun(run, this.settings, hooks);
    } catch (error) {
      if (this.run === run) this.run = undefined;
      await closeRun(run, logger).catch((closing: Error) =>
        logger.warn(`closing after a failed start: ${closing.message}`),
      );
      throw error;
    }
    return run;
  }

  /** kafkajs's CRASH event. It has disconnected the consumer already, and restarts it only if `restart`. */
  private crashed(run: Run, error: Error, restart: boolean): void {
    const { board, logger } = this.parts;
    // A run being closed, or a consumer being stopped: nothing to restart.
    if (this.run !== run || !this.active) return;
    board.enter('crashed', { crashes: board.status().crashes + 1, lastError: kindOf(error) });
    board.tell({ type: 'crashed', error, restarted: restart ? 'kafkajs' : 'backoff' });
    if (restart) {
      logger.warn(`crashed, kafkajs restarts it: ${error.message}`);
      return;
    }
    logger.error(`crashed and stopped, to be restarted: ${error.name}: ${error.message}`);
    run.dead = true;
    if (this.recovering) return;
    this.recovering = true;
    this.recovery = this.recover(this.active.signal);
  }

  private joined(run: Run): void {
    if (this.run !== run || !this.active || this.parts.board.status().state === 'running') return;
    this.parts.restarts.running(Date.now());
    this.parts.board.enter('running');
  }

  /**
   * Replaces a dead run with a new one after a backoff, and again while the new one fails to start
   * or dies while starting. Ends once a run is up, or when stop() aborts `stopped`.
   */
  private async recover(stopped: AbortSignal): Promise<void> {
    const { board, logger } = this.parts;
    for (;;) {
      // Due from now, closing included, so that the status says when at once.
      const delay = this.parts.restarts.crashed(Date.now());
      const restartAt = Date.now() + delay;
      board.enter('crashed', { restartAt: new Date(restartAt) });
      logger.warn(`restarting in ${delay} ms`);
      const dead = this.run;
      this.run = undefined;
      if (dead) await closeRun(dead, logger).catch((error: Error) => logger.warn(`closing: ${error.message}`));
      let run: Run;
      try {
        await sleep(Math.max(0, restartAt - Date.now()), undefined, { signal: stopped });
        run = await this.open();
      } catch (error) {
        if (stopped.aborted) break;
        board.enter('crashed', { lastError: kindOf(error) });
        logger.warn(`restart failed: ${(error as Error).message}`);
        board.tell({ type: 'restarted', outcome: 'failed' });
        continue;
      }
      // Stopped meanwhile: stop() closes what was opened. Died while joining: round again.
      if (stopped.aborted) break;
      if (run.dead) continue;
      logger.log(`restarted, consuming ${this.settings.topics.join(', ')}`);
      board.tell({ type: 'restarted', outcome: 'running' });
      break;
    }
    // Synchronously after the last look at this.run: a crash from now on starts a new loop.
    this.recovering = false;
  }
}
