import { randomUUID } from 'node:crypto';
import type { Suite, ServiceName } from './suite';
import { sleep } from './stats';

export interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Calls to the suite's APIs for setting a benchmark up, as an alliance manager who is also legal. */
export class Api {
  private constructor(
    private readonly suite: Suite,
    readonly token: string,
  ) {}

  static async as(suite: Suite): Promise<Api> {
    return new Api(suite, await suite.token(['alliance_manager', 'legal']));
  }

  async call(service: ServiceName, method: string, path: string, body?: object): Promise<Answer> {
    const response = await fetch(`${this.suite.services[service].url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json().catch(() => ({}))) as Record<string, unknown> };
  }

  async ok(service: ServiceName, method: string, path: string, body?: object): Promise<Answer> {
    const answer = await this.call(service, method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer;
  }

  /** Retries while the service answers 422: it hears of what the request names through Kafka. */
  async okOnceKnown(service: ServiceName, method: string, path: string, body?: object): Promise<Answer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.call(service, method, path, body);
      if (answer.status !== 422 || attempt > 300) {
        if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer;
      }
      await sleep(100);
    }
  }

  async registerPartner(name = `Bench University ${randomUUID().slice(0, 8)}`): Promise<string> {
    const { body } = await this.ok('partner-service', 'POST', '/partners', { name, type: 'university', country: 'JP' });
    return body.id as string;
  }

  /** A draft agreement with one partner, taken as far as `until`: approved, or signed by our side too. */
  async agreement(partnerId: string, until: 'draft' | 'approved' | 'company-signed' | 'signed'): Promise<string> {
    const { body } = await this.okOnceKnown('agreement-service', 'POST', '/agreements', draftRequest([partnerId]));
    const id = body.id as string;
    if (until === 'draft') return id;
    for (const step of ['start-negotiation', 'submit-for-review', 'approve']) {
      await this.ok('agreement-service', 'POST', `/agreements/${id}/${step}`);
    }
    if (until === 'approved') return id;
    await this.ok('agreement-service', 'POST', `/agreements/${id}/sign`, { partyId: 'company' });
    if (until === 'company-signed') return id;
    await this.ok('agreement-service', 'POST', `/agreements/${id}/sign`, { partyId: partnerId });
    return id;
  }
}

export const draftRequest = (partyIds: string[]) => ({
  type: 'joint_research',
  title: `Bench joint research ${randomUUID().slice(0, 8)}`,
  partyIds,
  ownerId: 'bench',
  technologyAreas: ['ai'],
  effectiveDate: '2026-01-01',
  expiryDate: '2030-12-31',
});
