import { ApiProperty } from '@nestjs/swagger';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PostgresEventStore } from '@accord/event-store';
import { GATE_DECISIONS, OUTCOME_KINDS, STAGES } from '../project';

const COUNT = { type: 'integer' } as const;

export class StageFunnel {
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ type: 'integer' }) projects!: number;
  @ApiProperty({ type: 'integer' }) onHold!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'Currency (ISO 4217) → total budget',
    example: { JPY: 250000000 },
  })
  budget!: Record<string, number>;
}

export class GateConversion {
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty({ type: 'integer' }) decided!: number;
  @ApiProperty({ type: 'integer' }) advanced!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'advanced / decided; null when none was decided' })
  rate!: number | null;
}

export class MonthlyDecisions {
  @ApiProperty({ example: '2020-03' }) month!: string;
  @ApiProperty({ enum: GATE_DECISIONS }) decision!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class RecentDecision {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'develop→launch' }) gate!: string;
  @ApiProperty({ enum: GATE_DECISIONS }) decision!: string;
  @ApiProperty({ type: String, format: 'date' }) decidedOn!: string;
  @ApiProperty({ type: [String] }) gatekeepers!: string[];
}

export class Funnel {
  @ApiProperty({
    type: [StageFunnel],
    description: 'Open projects (active or on hold) per stage, with their budgets by currency',
  })
  byStage!: { stage: string; projects: number; onHold: number; budget: Record<string, number> }[];
  @ApiProperty({
    type: 'object',
    properties: { completed: COUNT, killed: COUNT, spun_out: COUNT },
    description: 'Closed projects by how they closed; a status with none is left out',
  })
  closed!: Record<string, number>;
  @ApiProperty({
    type: [GateConversion],
    description: 'Per gate: projects decided there, how many went through, and the rate',
  })
  conversion!: { stage: string; decided: number; advanced: number; rate: number | null }[];
  @ApiProperty({ type: [MonthlyDecisions], description: 'Gate decisions per month' }) decisionsByMonth!: {
    month: string;
    decision: string;
    count: number;
  }[];
  @ApiProperty({ type: [RecentDecision], description: 'The latest gate decisions' }) recentDecisions!: object[];
}

export class FunnelQuery extends Query<Funnel> {}

/** The pipeline for dashboards: where projects stand, how they pass the gates, and lately decided. */
@QueryHandler(FunnelQuery)
export class FunnelHandler implements IQueryHandler<FunnelQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute(): Promise<Funnel> {
    const db = this.store.dataSource;
    const stages = await db.query<
      { stage: string; projects: number; on_hold: number; currency: string; budget: string }[]
    >(
      `SELECT stage, currency, count(*)::int AS projects, count(*) FILTER (WHERE status = 'on_hold')::int AS on_hold,
              sum(budget)::text AS budget
         FROM project_register WHERE status IN ('active', 'on_hold') GROUP BY stage, currency`,
    );
    const byStage = ['generate', 'ideate', 'develop', 'launch'].map((stage) => {
      const rows = stages.filter((row) => row.stage === stage);
      return {
        stage,
        projects: rows.reduce((n, row) => n + row.projects, 0),
        onHold: rows.reduce((n, row) => n + row.on_hold, 0),
        budget: Object.fromEntries(rows.map((row) => [row.currency, Number(row.budget)])),
      };
    });
    const closed = await db.query<{ status: string; count: number }[]>(
      `SELECT status, count(*)::int AS count FROM project_register WHERE status IN ('completed', 'killed', 'spun_out') GROUP BY status`,
    );
    const gates = await db.query<{ stage: string; decided: number; advanced: number }[]>(
      `SELECT stage, count(DISTINCT project_id)::int AS decided,
              count(DISTINCT project_id) FILTER (WHERE decision = 'go')::int AS advanced
         FROM project_gate_decisions GROUP BY stage`,
    );
    const conversion = ['generate', 'ideate', 'develop', 'launch'].map((stage) => {
      const row = gates.find((gate) => gate.stage === stage);
      const decided = row?.decided ?? 0;
      const advanced = row?.advanced ?? 0;
      return { stage, decided, advanced, rate: decided === 0 ? null : Math.round((advanced / decided) * 100) / 100 };
    });
    const decisionsByMonth = await db.query<{ month: string; decision: string; count: number }[]>(
      `SELECT to_char(decided_on, 'YYYY-MM') AS month, decision, count(*)::int AS count
         FROM project_gate_decisions GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const recentDecisions = await db.query<object[]>(
      `SELECT d.project_id AS "projectId", p.title, d.gate, d.decision, to_char(d.decided_on, 'YYYY-MM-DD') AS "decidedOn", d.gatekeepers
         FROM project_gate_decisions d JOIN project_register p USING (project_id)
        ORDER BY d.decided_on DESC, d.version DESC LIMIT 10`,
    );
    return {
      byStage,
      closed: Object.fromEntries(closed.map((row) => [row.status, row.count])),
      conversion,
      decisionsByMonth,
      recentDecisions,
    };
  }
}

export class PartnerOutcomes {
  @ApiProperty({ format: 'uuid' }) partnerId!: string;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class YearOutcomes {
  @ApiProperty({ type: 'integer', example: 2021 }) year!: number;
  @ApiProperty({ enum: OUTCOME_KINDS }) kind!: string;
  @ApiProperty({ type: 'integer' }) count!: number;
}

export class OutcomeStats {
  @ApiProperty({ type: [PartnerOutcomes], description: 'Outcomes per partner and kind' }) byPartner!: {
    partnerId: string;
    kind: string;
    count: number;
  }[];
  @ApiProperty({ type: [YearOutcomes], description: 'Outcomes per year and kind' }) byYear!: {
    year: number;
    kind: string;
    count: number;
  }[];
}

export class OutcomeStatsQuery extends Query<OutcomeStats> {}

@QueryHandler(OutcomeStatsQuery)
export class OutcomeStatsHandler implements IQueryHandler<OutcomeStatsQuery> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute(): Promise<OutcomeStats> {
    const db = this.store.dataSource;
    const byPartner = await db.query<{ partnerId: string; kind: string; count: number }[]>(
      `SELECT partner_id AS "partnerId", kind, count(*)::int AS count
         FROM project_outcomes, unnest(partner_ids) AS partner_id GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const byYear = await db.query<{ year: number; kind: string; count: number }[]>(
      `SELECT extract(year FROM occurred_on)::int AS year, kind, count(*)::int AS count
         FROM project_outcomes GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    return { byPartner, byYear };
  }
}
