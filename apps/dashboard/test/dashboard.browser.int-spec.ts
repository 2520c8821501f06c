import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser, type Page } from 'playwright-core';
import request from 'supertest';
import { AgreementServiceModule } from '../../agreement-service/src/app.module';
import { agreementService } from '../../agreement-service/src/service';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { ProjectServiceModule } from '../../project-service/src/app.module';
import { projectService } from '../../project-service/src/service';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { eventually } from '../../../test/support/eventually';
import { bootService } from '../../../test/support/service';
import { DashboardModule } from '../src/app.module';
import { dashboardService } from '../src/service';

/**
 * The dashboard as people see it, in headless Chromium (Debian's package: browsers cannot be
 * downloaded here): loaded with the demo data, its numbers checked against the services' read
 * models, and updated live, without a reload, when an agreement is signed through the API.
 */
const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, '.accord', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the dashboard in a browser', () => {
  let db: TestDatabase;
  const apps: Record<'partners' | 'agreements' | 'projects' | 'dashboard', INestApplication> = {} as never;
  const urls: Record<string, string> = {};
  let browser: Browser;
  let page: Page;

  async function listen(app: INestApplication): Promise<string> {
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    db = await createTestDatabase('browser');
    const env = { DATABASE_URL: db.url };
    apps.partners = await bootService(partnerService, PartnerServiceModule, env);
    apps.agreements = await bootService(agreementService, AgreementServiceModule, env);
    apps.projects = await bootService(projectService, ProjectServiceModule, env);
    apps.dashboard = await bootService(dashboardService, DashboardModule, env);
    for (const name of ['partners', 'agreements', 'projects', 'dashboard'] as const)
      urls[name] = await listen(apps[name]);
    // The demo data, through the real APIs, exactly as `npm start` loads it.
    // Asynchronously: the services answering the seed run in this very process.
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'seed.ts')], {
      env: {
        ...process.env,
        PARTNER_SERVICE_URL: urls.partners,
        AGREEMENT_SERVICE_URL: urls.agreements,
        PROJECT_SERVICE_URL: urls.projects,
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    for (const app of Object.values(apps).reverse()) await app?.close();
    await db?.drop();
  });

  const number = async (id: string) => Number((await page.locator(`#${id}`).innerText()).replace(/[^\d.-]/g, ''));

  it('shows the numbers the services hold, and updates live when an agreement is signed', async () => {
    await page.goto(urls.dashboard);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

    // The page's numbers are the read models' numbers.
    const partners = (await request(apps.partners.getHttpServer()).get('/partners?pageSize=1').expect(200)).body
      .total as number;
    const active = (
      await request(apps.agreements.getHttpServer()).get('/agreements?status=active&pageSize=1').expect(200)
    ).body.total as number;
    const expiring90 = (
      await request(apps.agreements.getHttpServer()).get('/agreements/deadlines?withinDays=90').expect(200)
    ).body.expiring.length as number;
    const projects = (await request(apps.projects.getHttpServer()).get('/projects?pageSize=100').expect(200)).body
      .items as { status: string }[];
    const open = projects.filter((p) => p.status === 'active' || p.status === 'on_hold').length;
    expect(partners).toBe(12);
    expect(await number('kpi-partners')).toBe(partners);
    expect(await number('kpi-active-agreements')).toBe(active);
    expect(await number('kpi-expiring-90')).toBe(expiring90);
    expect(await number('kpi-projects')).toBe(open);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // An alliance manager signs a new agreement through the API; the open page follows.
    const refreshes = Number((await page.evaluate('document.body.dataset.refreshes')) ?? 0);
    const { items } = (await request(apps.partners.getHttpServer()).get('/partners?q=fraunhofer').expect(200)).body as {
      items: { id: string }[];
    };
    const fraunhofer = items[0].id;
    const agreement = (
      await request(apps.agreements.getHttpServer())
        .post('/agreements')
        .send({
          type: 'nda',
          title: 'NDA for an AI negotiation pilot',
          partyIds: [fraunhofer],
          ownerId: 'alliance-iot',
          effectiveDate: '2026-01-01',
        })
        .expect(201)
    ).body.id as string;
    for (const step of ['submit-for-review', 'approve'])
      await request(apps.agreements.getHttpServer()).post(`/agreements/${agreement}/${step}`).expect(200);
    for (const partyId of ['company', fraunhofer]) {
      await request(apps.agreements.getHttpServer())
        .post(`/agreements/${agreement}/sign`)
        .send({ partyId })
        .expect(200);
    }
    await eventually(
      () => number('kpi-active-agreements'),
      (n) => n === active + 1,
      30_000,
    );
    expect(Number(await page.evaluate('document.body.dataset.refreshes'))).toBeGreaterThan(refreshes);
    expect(await page.evaluate("performance.getEntriesByType('navigation').length")).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-after-signature.png'), fullPage: true });

    // A partner's 360° page.
    await page.goto(`${urls.dashboard}/#/partners/${fraunhofer}`);
    await page.waitForSelector('#partner-name', { timeout: 10_000 });
    expect(await page.locator('#partner-name').innerText()).toContain('Fraunhofer IOSB');
  }, 120_000);
});
