import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The days acts happened in the world, beside the times Accord recorded them: what the register's
 * status, the business-time queries and the reports go by. Rows written before this migration are
 * filled from the events they were projected from.
 */
export class AgreementBusinessDates1765000000000 implements MigrationInterface {
  name = 'AgreementBusinessDates1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE agreement_register
        ADD COLUMN drafted_on   date,
        ADD COLUMN approved_on  date,
        ADD COLUMN executed_on  date,
        ADD COLUMN activated_on date,
        ADD COLUMN ended_on     date`);
    await db.query('ALTER TABLE agreement_amendments ADD COLUMN effective_on date');
    await db.query('ALTER TABLE agreement_obligations ADD COLUMN closed_on date');

    // The latest event of a type in an agreement's stream, and a date from it (or the day it was recorded).
    const latest = (types: string, field: string) => `(
      SELECT COALESCE((e.data->>'${field}')::date, e.recorded_at::date) FROM events e
       WHERE e.stream_id = 'agreement-' || r.agreement_id AND e.event_type IN (${types})
       ORDER BY e.stream_version DESC LIMIT 1)`;
    await db.query(`
      UPDATE agreement_register r SET
        drafted_on   = (SELECT (e.data->>'draftedOn')::date FROM events e
                         WHERE e.stream_id = 'agreement-' || r.agreement_id AND e.event_type = 'AgreementDrafted'),
        approved_on  = ${latest(`'AgreementApproved'`, 'approvedOn')},
        executed_on  = ${latest(`'AgreementFullyExecuted'`, 'executedOn')},
        activated_on = ${latest(`'AgreementActivated'`, 'activatedOn')},
        ended_on     = CASE WHEN r.status IN ('expired', 'terminated')
                            THEN COALESCE(${latest(`'AgreementExpired'`, 'expiredOn')}, ${latest(`'AgreementTerminated'`, 'terminatedOn')})
                       END`);
    await db.query(`
      UPDATE agreement_amendments a SET effective_on = COALESCE(
        (SELECT (e.data->>'effectiveOn')::date FROM events e
          WHERE e.stream_id = 'agreement-' || a.agreement_id AND e.event_type = 'AgreementAmended'
            AND (e.data->>'amendment')::int = a.amendment),
        a.amended_at::date)`);
    await db.query(`
      UPDATE agreement_obligations o SET closed_on = (
        SELECT COALESCE((e.data->>'metOn')::date, (e.data->>'waivedOn')::date, e.recorded_at::date) FROM events e
         WHERE e.stream_id = 'agreement-' || o.agreement_id AND e.event_type IN ('ObligationMet', 'ObligationWaived')
           AND e.data->>'obligationId' = o.obligation_id::text
         ORDER BY e.stream_version DESC LIMIT 1)
       WHERE o.status IN ('met', 'waived')`);
    await db.query('CREATE INDEX agreement_register_executed ON agreement_register (executed_on)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE agreement_obligations DROP COLUMN closed_on');
    await db.query('ALTER TABLE agreement_amendments DROP COLUMN effective_on');
    await db.query(`
      ALTER TABLE agreement_register
        DROP COLUMN drafted_on, DROP COLUMN approved_on, DROP COLUMN executed_on,
        DROP COLUMN activated_on, DROP COLUMN ended_on`);
  }
}
