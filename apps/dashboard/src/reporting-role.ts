import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const REPORTING_ROLE = 'accord_reporting';

/**
 * The read-only role BI tools log in with: it can read the `reporting` views and nothing else (no
 * table of any service, no write). Created or updated at start when REPORTING_DB_PASSWORD is set
 * (and the dashboard's database user may create roles); without it, nothing is created.
 */
@Injectable()
export class ReportingRole implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReportingRole');

  constructor(private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const password = process.env.REPORTING_DB_PASSWORD;
    if (!password) {
      this.logger.log('REPORTING_DB_PASSWORD is not set: no read-only reporting role created');
      return;
    }
    try {
      const [{ exists }] = await this.db.query<{ exists: boolean }[]>(
        'SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists',
        [REPORTING_ROLE],
      );
      const literal = `'${password.replace(/'/g, "''")}'`;
      await this.db.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${REPORTING_ROLE} LOGIN PASSWORD ${literal}`);
      const [{ database }] = await this.db.query<{ database: string }[]>('SELECT current_database() AS database');
      await this.db.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO ${REPORTING_ROLE}`);
      await this.db.query(`GRANT USAGE ON SCHEMA reporting TO ${REPORTING_ROLE}`);
      await this.db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO ${REPORTING_ROLE}`);
      // Views read the services' tables with their owner's rights: the role itself gets no access to them.
      this.logger.log(`read-only role ${REPORTING_ROLE} can read the reporting views`);
    } catch (error) {
      this.logger.warn(`could not set up the reporting role: ${(error as Error).message}`);
    }
  }
}
