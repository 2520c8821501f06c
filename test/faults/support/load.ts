import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WORKING_ROLES, bearer } from '../../support/auth';
import type { ServiceName } from './cluster';

/** What one command came to. `status` 0: no answer (refused, reset, timed out): its outcome is unknown. */
export interface CommandOutcome {
  service: ServiceName;
  action: string;
  status: number;
  /** ms since the generator started. */
  at: number;
  ms: number;
  /** From the WriteResult of an accepted write: the stream it changed and the version it reached. */
  id?: string;
  version?: number;
  /** The problem's `code` of a refused command. */
  code?: string;
}

export interface LoadOptions {
  /** Where each service answers right now (an instance may be down, or replaced). */
  url: (service: ServiceName) => string | undefined;
  /** Commands to send. */
  commands: number;
  /** Commands in flight at once. */
  concurrency: number;
  /** At most this many commands started per second (spreads the load over a fault); none: as fast as it goes. */
  ratePerSecond?: number;
  /** Partners (registered and known to the agreement service) and signed agreements to start from. */
  seed: { partners: string[]; agreements: { id: string; parties: string[] }[] };
  /** Terminate this share of the agreements once signed (their projects get flagged downstream). */
  terminateShare?: number;
}

type Step =
  | 'revise'
  | 'start-negotiation'
  | 'submit-for-review'
  | 'approve'
  | 'sign-company'
  | 'sign-parties'
  | 'obligation'
  | 'amend'
  | 'terminate';

interface AgreementFlow {
  id: string;
  parties: string[];
  steps: Step[];
  /** Parties still to sign, once at that step. */
  unsigned: string[];
}

interface ProjectFlow {
  id: string;
  steps: string[];
}

const headers = { 'content-type': 'application/json', ...bearer(WORKING_ROLES, { subject: 'load' }) };
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const AREAS = ['ai', 'quantum', 'biotech', 'materials', 'energy', 'robotics', 'security'];
const TYPES = ['university', 'research_institute', 'startup', 'corporate', 'government', 'consortium'];
const COUNTRIES = ['JP', 'US', 'DE', 'FR', 'GB', 'IN', 'KR', 'SG'];
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A load of alliance-manager work across the three services: partners registered and edited,
 * agreements drafted (parties revised), negotiated, approved, signed by every party (which activates
 * the partners, through Kafka), amended, given obligations and some terminated (which flags their
 * projects, through Kafka); projects proposed under signed agreements (which the project service
 * knows only through Kafka), taken through gates, milestones, budget and spend.
 *
 * Each aggregate is driven by one command at a time, as a person would, so refusals come from the
 * system (a party the agreement service has not heard of yet, a fault), not from the generator racing
 * itself. A create is retried with the same Idempotency-Key while its service is away, as a careful
 * client does; any other command is sent once: with no answer its outcome is unknown, and a blind
 * retry could apply it twice.
 */
export class LoadGenerator {
  readonly outcomes: CommandOutcome[] = [];
  /** Requests each service has in hand right now: a crash then lands in the middle of a command. */
  readonly inFlight: Record<ServiceName, number> = {
    'partner-service': 0,
    'agreement-service': 0,
    'project-service': 0,
  };
  private readonly started = Date.now();
  private readonly partners: string[];
  private readonly signed: { id: string; parties: string[] }[];
  private readonly agreements: AgreementFlow[] = [];
  private readonly projects: ProjectFlow[] = [];
  private readonly busy = new Set<string>();
  private sent = 0;
  private stopped = false;

  constructor(private readonly options: LoadOptions) {
    this.partners = [...options.seed.partners];
    this.signed = [...options.seed.agreements];
  }

  /** Sends the commands; resolves when all have an outcome (or stop() was called). */
  async run(): Promise<CommandOutcome[]> {
    const interval = this.options.ratePerSecond ? 1_000 / this.options.ratePerSecond : 0;
    let next = Date.now();
    const worker = async () => {
      while (!this.stopped && this.sent < this.options.commands) {
        // Counted when taken, before the wait: the workers share one budget of commands.
        this.sent++;
        if (interval > 0) {
          // Each worker takes the next slot of the shared schedule.
          const slot = next;
          next = Math.max(next, Date.now()) + interval;
          if (slot > Date.now()) await sleep(slot - Date.now());
        }
        if (!this.stopped) await this.one();
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    return this.outcomes;
  }

  stop(): void {
    this.stopped = true;
  }

  /** ms since the generator started, the clock of `CommandOutcome.at`. */
  now(): number {
    return Date.now() - this.started;
  }

  private async one(): Promise<void> {
    const roll = Math.random();
    const idleAgreement = this.agreements.find((a) => a.steps.length > 0 && !this.busy.has(a.id));
    const idleProject = this.projects.find((p) => p.steps.length > 0 && !this.busy.has(p.id));
    const idlePartner = pick(this.partners.filter((id) => !this.busy.has(id)));
    if (roll < 0.35 && idleAgreement) return this.exclusively(idleAgreement.id, () => this.advance(idleAgreement));
    if (roll < 0.5 && idleProject) return this.exclusively(idleProject.id, () => this.advanceProject(idleProject));
    if (roll < 0.62 && this.signed.length > 0) return this.propose();
    if (roll < 0.74) return this.draft();
    if (roll < 0.87 && idlePartner) return this.exclusively(idlePartner, () => this.updatePartner(idlePartner));
    return this.register();
  }

  private async exclusively(id: string, work: () => Promise<void>): Promise<void> {
    this.busy.add(id);
    try {
      await work();
    } finally {
      this.busy.delete(id);
    }
  }

  private async register(): Promise<void> {
    const outcome = await this.create('partner-service', 'register-partner', '/partners', {
      name: `Partner ${randomUUID()}`,
      type: pick(TYPES),
      country: pick(COUNTRIES),
      technologyAreas: [pick(AREAS)],
      tier: 'standard',
    });
    // The agreement service hears of it through Kafka; until then a draft naming it is refused.
    if (outcome.id) this.partners.push(outcome.id);
  }

  private async updatePartner(id: string): Promise<void> {
    const change = Math.random() < 0.5 ? { tier: pick(['strategic', 'key', 'standard']) } : { name: `Renamed ${id}` };
    await this.send('partner-service', 'update-partner', 'PATCH', `/partners/${id}`, change);
  }

  private async draft(): Promise<void> {
    const parties = [...new Set([pick(this.partners), pick(this.partners)])];
    const outcome = await this.create('agreement-service', 'draft-agreement', '/agreements', {
      type: 'joint_research',
      title: `Joint research ${randomUUID().slice(0, 8)}`,
      partyIds: parties,
      ownerId: 'load',
      effectiveDate: inDays(-30),
      expiryDate: inDays(3 * 365),
    });
    if (!outcome.id) return;
    const steps: Step[] = ['start-negotiation', 'submit-for-review', 'approve', 'sign-company', 'sign-parties'];
    // Parties revised in draft or in negotiation: the partner service's copy must follow either way.
    if (Math.random() < 0.4) steps.splice(Math.random() < 0.5 ? 0 : 1, 0, 'revise');
    steps.push('obligation', 'amend');
    if (Math.random() < (this.options.terminateShare ?? 0.15)) steps.push('terminate');
    this.agreements.push({ id: outcome.id, parties, steps, unsigned: [] });
  }

  private async advance(flow: AgreementFlow): Promise<void> {
    const step = flow.steps[0];
    const path = `/agreements/${flow.id}`;
    let outcome: CommandOutcome;
    switch (step) {
      case 'revise': {
        // The parties change: the partner service's activity moves from one partner to another.
        const parties = [...new Set([flow.parties[0], pick(this.partners)])];
        outcome = await this.send('agreement-service', 'revise-terms', 'PATCH', path, { partyIds: parties });
        if (outcome.id) flow.parties = parties;
        break;
      }
      case 'sign-company':
        outcome = await this.send('agreement-service', 'sign', 'POST', `${path}/sign`, { partyId: 'company' });
        if (outcome.id) flow.unsigned = [...flow.parties];
        break;
      case 'sign-parties': {
        outcome = await this.send('agreement-service', 'sign', 'POST', `${path}/sign`, { partyId: flow.unsigned[0] });
        if (outcome.id) flow.unsigned.shift();
        // The last signature executes it: projects may now be proposed under it.
        if (flow.unsigned.length > 0) return;
        if (outcome.id) this.signed.push({ id: flow.id, parties: flow.parties });
        break;
      }
      case 'obligation':
        outcome = await this.send('agreement-service', 'add-obligation', 'POST', `${path}/obligations`, {
          kind: 'report',
          description: 'Annual progress report',
          dueDate: inDays(200),
        });
        break;
      case 'amend':
        outcome = await this.send('agreement-service', 'amend', 'POST', `${path}/amend`, {
          summary: 'Widen the research themes',
          changes: { technologyAreas: [pick(AREAS), pick(AREAS)].filter((a, i, all) => all.indexOf(a) === i) },
        });
        break;
      case 'terminate':
        outcome = await this.send('agreement-service', 'terminate', 'POST', `${path}/terminate`, {
          reason: 'Strategic refocus',
        });
        break;
      case 'approve':
      case 'start-negotiation':
      case 'submit-for-review':
        outcome = await this.send('agreement-service', step, 'POST', `${path}/${step}`);
        break;
    }
    // Refused or unknown: the flow ends here (a person would look at it before going on).
    if (outcome.id) flow.steps.shift();
    else flow.steps = [];
  }

  private async propose(): Promise<void> {
    const agreement = pick(this.signed);
    const outcome = await this.create('project-service', 'propose-project', '/projects', {
      title: `Project ${randomUUID().slice(0, 8)}`,
      agreementIds: [agreement.id],
      leadPartnerIds: agreement.parties,
      technologyAreas: [pick(AREAS)],
      budget: { amount: 1_000_000, currency: 'EUR' },
      // Proposed when its agreement took effect: its spend and outcomes are dated in the past.
      proposedOn: inDays(-30),
    });
    if (outcome.id) {
      this.projects.push({
        id: outcome.id,
        steps: ['gate', 'milestone', 'budget', 'spend', 'gate', 'outcome', 'spend', 'gate'],
      });
    }
  }

  private async advanceProject(flow: ProjectFlow): Promise<void> {
    const path = `/projects/${flow.id}`;
    let outcome: CommandOutcome;
    switch (flow.steps[0]) {
      case 'gate':
        outcome = await this.send('project-service', 'gate-review', 'POST', `${path}/gate-reviews`, {
          decision: Math.random() < 0.85 ? 'go' : 'recycle',
          gatekeepers: ['innovation-board'],
          criteria: { strategicFit: 4, feasibility: 3 },
        });
        break;
      case 'milestone':
        outcome = await this.send('project-service', 'plan-milestone', 'POST', `${path}/milestones`, {
          name: 'Prototype',
          plannedDate: inDays(120),
        });
        break;
      case 'budget':
        outcome = await this.send('project-service', 'commit-budget', 'POST', `${path}/budget`, {
          amount: 250_000,
          currency: 'EUR',
        });
        break;
      case 'spend':
        outcome = await this.send('project-service', 'record-spend', 'POST', `${path}/spend`, {
          amount: 10_000,
          currency: 'EUR',
          description: 'Lab time',
          spentOn: inDays(-1),
        });
        break;
      default:
        outcome = await this.send('project-service', 'record-outcome', 'POST', `${path}/outcomes`, {
          kind: 'patent_filed',
          title: 'A patent',
          occurredOn: inDays(-1),
          patent: { jurisdiction: 'JP', applicationNumber: `2026-${randomUUID().slice(0, 6)}` },
        });
    }
    if (outcome.id) flow.steps.shift();
    else flow.steps = [];
  }

  /**
   * A create, retried with the same Idempotency-Key while its service does not answer (down,
   * restarting, or 503): the key makes the retries create at most one resource.
   */
  private async create(service: ServiceName, action: string, path: string, body: object): Promise<CommandOutcome> {
    const key = randomUUID();
    const deadline = Date.now() + 30_000;
    for (;;) {
      const outcome = await this.send(service, action, 'POST', path, body, { 'idempotency-key': key }, false);
      const retry = (outcome.status === 0 || outcome.status === 503) && Date.now() < deadline && !this.stopped;
      if (!retry) {
        this.outcomes.push(outcome);
        return outcome;
      }
      await sleep(250);
    }
  }

  private async send(
    service: ServiceName,
    action: string,
    method: string,
    path: string,
    body?: object,
    extra: Record<string, string> = {},
    record = true,
  ): Promise<CommandOutcome> {
    const at = this.now();
    const outcome: CommandOutcome = { service, action, status: 0, at, ms: 0 };
    const base = this.options.url(service);
    this.inFlight[service]++;
    try {
      if (!base) throw new Error(`${service} is down`);
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...extra },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(20_000),
      });
      outcome.status = response.status;
      const answer = (await response.json().catch(() => ({}))) as { id?: string; version?: number; code?: string };
      if (response.ok) Object.assign(outcome, { id: answer.id, version: answer.version });
      else outcome.code = answer.code;
    } catch {
      // No answer: refused while the service is down, reset by a crash, or timed out.
    } finally {
      this.inFlight[service]--;
    }
    outcome.ms = this.now() - at;
    if (record) this.outcomes.push(outcome);
    return outcome;
  }
}

export interface Tally {
  sent: number;
  accepted: number;
  /** 4xx: the system said no (a party or agreement it has not heard of yet, a rule), by problem code. */
  refused: number;
  refusedBy: Record<string, number>;
  /** 5xx. */
  failed: number;
  /** No answer: the service was down or died with the request in flight. */
  unanswered: number;
}

/** Counts by status class, the figures every scenario reports. */
export function tally(outcomes: CommandOutcome[]): Tally {
  const count = (accept: (o: CommandOutcome) => boolean) => outcomes.filter(accept).length;
  const refusedBy: Record<string, number> = {};
  for (const o of outcomes.filter((o) => o.status >= 400 && o.status < 500)) {
    const code = `${o.status} ${o.code ?? ''}`.trim();
    refusedBy[code] = (refusedBy[code] ?? 0) + 1;
  }
  return {
    sent: outcomes.length,
    accepted: count((o) => o.status >= 200 && o.status < 300),
    refused: count((o) => o.status >= 400 && o.status < 500),
    refusedBy,
    failed: count((o) => o.status >= 500),
    unanswered: count((o) => o.status === 0),
  };
}
