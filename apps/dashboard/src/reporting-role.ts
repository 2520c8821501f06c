import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scramSha256Verifier } from '@accord/platform';

export const REPORTING_ROLE = 'accord_reporting';

/**
 * The read-only role BI tools log in with: it can read the `reporting` views and nothing else (no
 * table of any service, no write).
 *
 * Where roles are provisioned (`npm run db:roles`, run by `npm start` and docker-compose), the role
 * is created there, with SELECT on the views the dashboard creates later, and the dashboard needs
 * no right to manage roles. Where everything runs as one database user that may (a developer's or
 * a test's superuser), the dashboard creates or updates it itself when REPORTING_DB_PASSWORD is set.
 * Either way, when the role exists the dashboard grants it its views: idempotent, and it covers views
 * created before the role.
 */
@Injectable()
export class ReportingRole implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReportingRole');

  constructor(private readonly db: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const password = process.env.REPORTING_DB_PASSWORD;
    if (password) await this.createOrUpdate(password);
    try {
      if (!(await this.exists())) {
        this.logger.log(`no role ${REPORTING_ROLE}: the reporting views are not shared with BI tools`);
        return;
      }
      await this.db.query(`GRANT USAGE ON SCHEMA reporting TO ${REPORTING_ROLE}`);
      await this.db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO ${REPORTING_ROLE}`);
      // Views read the services' tables with their owner's rights: the role itself gets no access to them.
      this.logger.log(`read-only role ${REPORTING_ROLE} can read the reporting views`);
    } catch (error) {
      this.logger.warn(`could not grant the reporting views to ${REPORTING_ROLE}: ${(error as Error).message}`);
    }
  }

  private async exists(): Promise<boolean> {
    const [{ exists }] = await this.db.query<{ exists: boolean }[]>(
      'SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists',
      [REPORTING_ROLE],
    );
    return exists;
  }

  /** Only where the dashboard's user may manage roles: the single-user set-up. */
  private async createOrUpdate(password: string): Promise<void> {
    const [{ may }] = await this.db.query<{ may: boolean }[]>(
      'SELECT rolsuper OR rolcreaterole AS may FROM pg_roles WHERE rolname = current_user',
    );
    if (!may) {
      this.logger.log('REPORTING_DB_PASSWORD ignored: this database user may not manage roles (npm run db:roles does)');
      return;
    }
    try {
      const verifier = `'${scramSha256Verifier(password)}'`;
      await this.db.query(
        `${(await this.exists()) ? 'ALTER' : 'CREATE'} ROLE ${REPORTING_ROLE} LOGIN PASSWORD ${verifier}`,
      );
      const [{ database }] = await this.db.query<{ database: string }[]>('SELECT current_database() AS database');
      await this.db.query(`GRANT CONNECT ON DATABASE "${database.replace(/"/g, '""')}" TO ${REPORTING_ROLE}`);
    } catch (error) {
      this.logger.warn(`could not create or update the role ${REPORTING_ROLE}: ${(error as Error).message}`);
    }
  }
}
