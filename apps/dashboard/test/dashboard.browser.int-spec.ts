import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
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
import { api, tokenFor } from '../../../test/support/auth';

/**
 * The dashboard as people see it, in headless Chromium (Debian's package: browsers cannot be
 * downloaded here): signed in with a viewer's token from the address, loaded with the demo data,
 * its numbers checked against the services' read models, and updated live, without a reload, when
 * an agreement is signed through the API; and what it does without a token, or with a bad one.
 */
const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, '.accord', 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('the dashboard in a browser', () => {
  let db: TestDatabase;
  const apps: Record<'partners' | 'agreements' | 'projects' | 'dashboard', INestApplication> = {} as never;
  const urls: Record<string, string> = {};
  let browser: Browser;
  let context: BrowserContext;
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
        ACCORD_TOKEN: tokenFor(['alliance_manager', 'legal'], { subject: 'seed-demo-data' }),
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
  }, 180_000);

  // Each test in a browser context of its own: no token carried over from another test.
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 2000 }, acceptDownloads: true });
    page = await context.newPage();
  });

  afterEach(() => context?.close());

  afterAll(async () => {
    await browser?.close();
    for (const app of Object.values(apps).reverse()) await app?.close();
    await db?.drop();
  });

  const number = async (id: string) => Number((await page.locator(`#${id}`).innerText()).replace(/[^\d.-]/g, ''));
  const storedToken = () => page.evaluate("sessionStorage.getItem('accord.token')");
  const ready = () => page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

  it('shows the numbers the services hold, and updates live when an agreement is signed', async () => {
    // As `npm start` prints it: the token in the fragment, which never reaches a server or a log.
    const token = tokenFor(['viewer'], { subject: 'vic' });
    await page.goto(`${urls.dashboard}/#token=${token}`);
    await ready();
    expect(page.url()).toBe(`${urls.dashboard}/`);
    expect(await storedToken()).toBe(token);
    expect(await page.locator('#signed-in-as').innerText()).toBe('vic · Viewer');
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    // Live: the event stream took the token from its query.
    await page.waitForSelector('#live-indicator[data-state="live"]', { timeout: 10_000 });

    // The page's numbers are the read models' numbers.
    const partners = (await api(apps.partners).get('/partners?pageSize=1').expect(200)).body.total as number;
    const active = (await api(apps.agreements).get('/agreements?status=active&pageSize=1').expect(200)).body
      .total as number;
    const expiring90 = (await api(apps.agreements).get('/agreements/deadlines?withinDays=90').expect(200)).body.expiring
      .length as number;
    const projects = (await api(apps.projects).get('/projects?pageSize=100').expect(200)).body.items as {
      status: string;
    }[];
    const open = projects.filter((p) => p.status === 'active' || p.status === 'on_hold').length;
    expect(partners).toBe(12);
    expect(await number('kpi-partners')).toBe(partners);
    expect(await number('kpi-active-agreements')).toBe(active);
    expect(await number('kpi-expiring-90')).toBe(expiring90);
    expect(await number('kpi-projects')).toBe(open);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    // A CSV download carries the token too (a plain link could not).
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#partners-csv')]);
    expect(download.suggestedFilename()).toBe('partners.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^"id","name","type"/);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(partners + 1);

    // An alliance manager signs a new agreement through the API; the open page follows.
    const refreshes = Number((await page.evaluate('document.body.dataset.refreshes')) ?? 0);
    const { items } = (await api(apps.partners).get('/partners?q=fraunhofer').expect(200)).body as {
      items: { id: string }[];
    };
    const fraunhofer = items[0].id;
    const ada = () => api(apps.agreements, ['alliance_manager', 'legal'], { subject: 'ada' });
    const agreement = (
      await ada()
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
      await ada().post(`/agreements/${agreement}/${step}`).expect(200);
    for (const partyId of ['company', fraunhofer]) {
      await ada().post(`/agreements/${agreement}/sign`).send({ partyId }).expect(200);
    }
    await eventually(
      () => number('kpi-active-agreements'),
      (n) => n === active + 1,
      30_000,
    );
    // The numbers are drawn as soon as they arrive, before the registers below them; a live refresh
    // is counted once all of it is drawn (on a busy machine, a while after the numbers changed).
    // (Polled from here: the page's Content-Security-Policy refuses waitForFunction's string eval.)
    await eventually(
      async () => Number((await page.evaluate('document.body.dataset.refreshes')) ?? 0),
      (n) => n > refreshes,
      30_000,
    );
    expect(await page.evaluate("performance.getEntriesByType('navigation').length")).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-after-signature.png'), fullPage: true });

    // A partner's 360° page: its timeline says who signed, and who entered the demo data.
    await page.goto(`${urls.dashboard}/#/partners/${fraunhofer}`);
    await page.waitForSelector('#partner-name:not(:empty)', { timeout: 10_000 });
    expect(await page.locator('#partner-name').innerText()).toContain('Fraunhofer IOSB');
    const signature = page
      .locator('#partner-timeline li.kind-change')
      .filter({ hasText: 'Agreement signed by party: NDA for an AI negotiation pilot' });
    await signature.first().waitFor({ timeout: 10_000 });
    expect(await signature.count()).toBe(2);
    expect(await signature.first().locator('.by').innerText()).toBe('by ada');
    expect(await signature.first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // A change made while the page is open appears on it, with its author, without a reload.
    await api(apps.agreements, ['legal'], { subject: 'lee' })
      .post(`/agreements/${agreement}/obligations`)
      .send({ kind: 'report', description: 'Pilot report', dueDate: '2026-06-30' })
      .expect(201);
    const obligation = page
      .locator('#partner-timeline li.kind-change')
      .filter({ hasText: 'Agreement obligation added: NDA for an AI negotiation pilot' });
    await obligation.waitFor({ timeout: 15_000 });
    expect(await obligation.locator('.by').innerText()).toBe('by lee');
    expect(await page.evaluate("performance.getEntriesByType('navigation').length")).toBe(1);
    const registered = page.locator('#partner-timeline li.kind-partner');
    expect(await registered.locator('.by').innerText()).toBe('by seed-demo-data');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-partner.png'), fullPage: true });

    // Signing out forgets the token and closes the stream.
    await page.click('#sign-out');
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#view-partner').isHidden()).toBe(true);
    expect(await storedToken()).toBeNull();
    expect(await page.locator('#live-indicator').getAttribute('data-state')).toBe('signed-out');
    expect(await page.evaluate('document.activeElement.id')).toBe('sign-in-token');
  }, 120_000);

  it('asks for a token when it has none, and calls no API until it gets one', async () => {
    const calls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) calls.push(r.url());
    });
    await page.goto(urls.dashboard);
    await ready();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#view-dashboard').isHidden()).toBe(true);
    expect(await page.locator('#sign-in-problem').innerText()).toMatch(/sign in with an access token/i);
    expect(await page.locator('#sign-in-hint').innerText()).toContain('npm run token -- --role viewer');
    expect(await page.evaluate('document.activeElement.id')).toBe('sign-in-token');
    expect(await page.locator('label[for="sign-in-token"]').innerText()).toBe('Access token');
    expect(calls).toEqual([]);

    // Pasting a token signs in.
    await page.fill('#sign-in-token', tokenFor(['viewer'], { subject: 'vic' }));
    await page.click('#sign-in button[type="submit"]');
    await page.waitForSelector('#kpi-partners:not(:empty)', { timeout: 10_000 });
    expect(await number('kpi-partners')).toBe(12);
    expect(await page.locator('#sign-in').isHidden()).toBe(true);
    expect(calls.some((url) => url.includes('/api/events?access_token='))).toBe(true);
  }, 60_000);

  it("shows why a token was refused, with the server's own reason", async () => {
    await page.goto(`${urls.dashboard}/#token=${tokenFor(['viewer'], { expiresIn: -60 })}`);
    await ready();
    await page.waitForSelector('#sign-in:not([hidden])', { timeout: 10_000 });
    expect(await page.locator('#sign-in-problem').innerText()).toBe(
      'The bearer token was refused: the token has expired',
    );
    expect(await page.locator('#view-dashboard').isHidden()).toBe(true);
    // No broken charts or error banner behind it, and the refused token is not kept.
    expect(await page.locator('#error-banner').isHidden()).toBe(true);
    expect(await storedToken()).toBeNull();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-sign-in.png') });

    await page.fill('#sign-in-token', tokenFor(['viewer'], { secret: 'somebody-elses-secret' }));
    await page.click('#sign-in button[type="submit"]');
    await page.locator('#sign-in-problem').filter({ hasText: 'signature' }).waitFor({ timeout: 10_000 });
    expect(await page.locator('#sign-in-problem').innerText()).toBe(
      'The bearer token was refused: the token signature is not valid',
    );
  }, 60_000);

  it('streams live updates to a token given as access_token, and to nobody without one', async () => {
    const events = `${urls.dashboard}/api/events`;
    const stream = new AbortController();
    try {
      const live = await fetch(`${events}?access_token=${tokenFor(['viewer'])}`, { signal: stream.signal });
      expect(live.status).toBe(200);
      expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await live.body!.getReader().read();
      expect(new TextDecoder().decode(first.value)).toContain('event: ready');
    } finally {
      stream.abort();
    }

    const anonymous = await fetch(events);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="accord"');
    expect(await anonymous.json()).toMatchObject({ code: 'unauthorized' });
    const expired = await fetch(`${events}?access_token=${tokenFor(['viewer'], { expiresIn: -60 })}`);
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ detail: 'The bearer token was refused: the token has expired' });
  });
});
