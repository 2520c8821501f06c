import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AgreementServiceModule } from '../../agreement-service/src/app.module';
import { agreementService } from '../../agreement-service/src/service';
import { PartnerServiceModule } from '../../partner-service/src/app.module';
import { partnerService } from '../../partner-service/src/service';
import { ProjectServiceModule } from '../../project-service/src/app.module';
import { projectService } from '../../project-service/src/service';
import { devIdentityEnvironment } from '../../../scripts/auth/dev-identity';
import { tokenFor } from '../../../test/support/auth';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { bootService } from '../../../test/support/service';
import { accessibilityViolations, launchChromium, signIn } from '../../../test/support/workspace-browser';
import { DashboardModule } from '../src/app.module';
import { dashboardService } from '../src/service';

/**
 * The web app as its people use it, in Debian's Chromium, on the real suite: signed in through the
 * local OpenID provider, loaded with the demo data, every write made through the forms. Each page is
 * checked with axe-core's WCAG 2.1 A and AA rules. The screenshots land in docs/screenshots, for the
 * README.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const SESSION_SECRET = 'workspace-browser-test-session-secret-0123456789';

describe('the workspace in a browser', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  let origin: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function listen(app: INestApplication): Promise<string> {
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    db = await createTestDatabase('workspace');
    const env = { DATABASE_URL: db.url, ...devIdentityEnvironment() };
    const urls: Record<string, string> = {};
    for (const [name, service, module] of [
      ['PARTNER', partnerService, PartnerServiceModule],
      ['AGREEMENT', agreementService, AgreementServiceModule],
      ['PROJECT', projectService, ProjectServiceModule],
    ] as const) {
      const app = await bootService(service, module, env);
      apps.push(app);
      urls[`${name}_SERVICE_URL`] = await listen(app);
    }
    const dashboard = await bootService(dashboardService, DashboardModule, { ...env, ...urls, SESSION_SECRET });
    apps.push(dashboard);
    // localhost, as people type it (the provider sends the browser back to this host).
    origin = (await listen(dashboard)).replace('127.0.0.1', 'localhost');
    // The demo data, through the real APIs, exactly as `npm start` loads it.
    await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'seed.ts')], {
      env: {
        ...process.env,
        ...urls,
        ACCORD_TOKEN: tokenFor(['alliance_manager', 'legal'], { subject: 'seed-demo-data' }),
      },
    });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
  }, 60_000);

  /** A browser window of its own (its own cookies), signed in as one of the demo users. */
  async function as(username: string, path = '/', width = 1280): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, origin, username, path);
    return page;
  }

  async function expectAccessible(page: Page, what: string): Promise<void> {
    const violations = await accessibilityViolations(page);
    expect({ page: what, violations }).toEqual({ page: what, violations: [] });
  }

  /** A picture for the README, without the notifications that would float over the page. */
  async function shoot(page: Page, name: string): Promise<void> {
    // One at a time (the list shifts); a toast may also go by itself meanwhile: a missed click is no failure.
    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    for (let left = 10; left > 0 && (await dismiss.count()) > 0; left--)
      await dismiss
        .first()
        .click({ timeout: 1_000 })
        .catch(() => undefined);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  it('signs each role in through the company provider, with their name and roles in the header', async () => {
    for (const [username, name, role] of [
      ['ada', 'Ada Lovelace', /alliance manager/i],
      ['lee', 'Lee Morgan', /legal/i],
      ['val', 'Val Okafor', /viewer/i],
      ['root', 'Root Admin', /admin/i],
    ] as const) {
      const page = await as(username);
      const header = page.getByLabel('Signed in as');
      await expect(header.innerText()).resolves.toContain(name);
      await expect(header.innerText()).resolves.toMatch(role);
      await page.getByRole('heading', { name: 'Portfolio', level: 1 }).waitFor();
      if (username === 'ada') {
        await page.getByRole('region', { name: 'Key figures' }).getByRole('link').first().waitFor();
        await expectAccessible(page, 'portfolio');
        await shoot(page, 'portfolio');
      }
      await page.context().close();
    }
  }, 90_000);

  it('lets an alliance manager register a university and a startup, warning of a likely duplicate', async () => {
    const page = await as('ada', '/partners');
    await page.getByRole('table', { name: 'Partners' }).waitFor();
    await expectAccessible(page, 'partners');
    await shoot(page, 'partners');

    await page.getByRole('link', { name: 'Register a partner' }).click();
    await page.getByRole('heading', { name: 'Register a partner' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Fraunhofer IOSB');
    await page.getByLabel('Country', { exact: true }).fill('DE');
    await expect(
      page.getByRole('status').filter({ hasText: 'Already registered in this country' }).innerText(),
    ).resolves.toContain('Fraunhofer IOSB');
    await expectAccessible(page, 'register a partner');

    await register(page, { name: 'Universidad de los Andes', type: 'University', country: 'CO' });
    await page.getByRole('heading', { name: 'Universidad de los Andes', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Partners' }).first().click();
    await page.getByRole('link', { name: 'Register a partner' }).click();
    await register(page, { name: 'Andes Robotics SAS', type: 'Startup', country: 'CO' });
    await page.getByRole('heading', { name: 'Andes Robotics SAS', level: 1 }).waitFor();
    await expectAccessible(page, 'a partner');
    await shoot(page, 'partner');

    // Both are in the list at once, found by the filters in the address.
    await page.goto(`${origin}/partners?country=CO`);
    const rows = page.getByRole('table', { name: 'Partners' }).getByRole('row');
    await rows.filter({ hasText: 'Andes Robotics SAS' }).waitFor();
    await expect(rows.filter({ hasText: 'Universidad de los Andes' }).count()).resolves.toBe(1);
  }, 90_000);

  it('shows two people editing one partner that the other saved first, and keeps what the second typed', async () => {
    const first = await as('ada', '/partners?q=Universidad%20de%20los%20Andes');
    const second = await as('ada', '/partners?q=Universidad%20de%20los%20Andes');
    for (const page of [first, second]) {
      await page.getByRole('link', { name: 'Universidad de los Andes' }).click();
      await page.getByRole('button', { name: 'Edit profile' }).click();
    }
    await first.getByLabel('Website').fill('https://uniandes.edu.co');
    await second.getByLabel('Technology areas').fill('robotics, ai');
    await first.getByRole('button', { name: 'Save profile' }).click();
    await first.getByRole('button', { name: 'Edit profile' }).waitFor();

    await second.getByRole('button', { name: 'Save profile' }).click();
    const apply = second.getByRole('button', { name: 'Apply my changes to the latest version' });
    await apply.waitFor();
    // Their change is shown, and the second person's input is still in the form.
    await expect(second.getByText('https://uniandes.edu.co').first().isVisible()).resolves.toBe(true);
    await expect(second.getByLabel('Technology areas').inputValue()).resolves.toBe('robotics, ai');
    await expectAccessible(second, 'an edit conflict');
    await shoot(second, 'edit-conflict');
    await apply.click();
    await second.getByRole('button', { name: 'Edit profile' }).waitFor();
    await second.reload();
    await second.getByText('https://uniandes.edu.co').first().waitFor();
    await second.getByText('robotics').first().waitFor();
  }, 90_000);

  it('takes a joint-research agreement from draft to active in the forms, and a project through two gates', async () => {
    const ada = await as('ada', '/agreements');
    await ada.getByRole('table', { name: 'Agreements' }).waitFor();
    await expectAccessible(ada, 'agreements');
    await shoot(ada, 'agreements');

    // Someone else watches the register of active agreements, in a page of their own.
    const watcher = await as('val', '/agreements?status=active');
    await watcher.getByRole('table', { name: 'Agreements' }).waitFor();
    const title = 'Joint research on field robotics for Andean agriculture';

    // The alliance manager drafts it with both partners, dated as it happened, and submits it.
    await ada.getByRole('link', { name: 'Draft an agreement' }).click();
    await ada.getByLabel('Title', { exact: true }).fill(title);
    await ada.getByLabel('Type', { exact: true }).selectOption('joint_research');
    for (const partner of ['Universidad de los Andes', 'Andes Robotics SAS']) {
      await ada.getByRole('combobox', { name: 'Parties' }).fill(partner.split(' ')[0]);
      await ada.getByRole('option', { name: new RegExp(partner) }).click();
    }
    await ada.getByLabel('Effective date').fill(daysFromToday(-7));
    await ada.getByLabel('Expiry date').fill(daysFromToday(3 * 365));
    await ada.getByLabel('Drafted on').fill(daysFromToday(-30));
    await expectAccessible(ada, 'draft an agreement');
    await ada.getByRole('button', { name: 'Save draft' }).click();
    await ada.getByRole('heading', { name: title, level: 1 }).waitFor();
    await act(ada, 'Submit for review', 'Submitted on', daysFromToday(-25));
    const agreementUrl = ada.url();

    // Legal approves it and signs for the company; the partners' signatures come in later, dated.
    const lee = await as('lee', new URL(agreementUrl).pathname);
    await act(lee, 'Approve', 'Approved on', daysFromToday(-20));
    await sign(lee, 'Our company', daysFromToday(-15));
    await sign(lee, 'Universidad de los Andes', daysFromToday(-12));
    await expectAccessible(lee, 'an agreement');
    await sign(lee, 'Andes Robotics SAS', daysFromToday(-10));
    await lee.getByText(/^Fully executed on .*\d{4}\.$/).waitFor();
    await shoot(lee, 'agreement');

    // The register open in the other page shows it as active, without a reload.
    await watcher.getByRole('link', { name: title }).waitFor({ timeout: 30_000 });
    expect(await watcher.evaluate("performance.getEntriesByType('navigation').length")).toBe(1);

    // A project under it, through two gate reviews.
    await ada.goto(`${origin}/projects`);
    await ada.getByRole('link', { name: 'Propose a project' }).click();
    await ada.getByLabel('Title', { exact: true }).fill('Autonomous harvest scouting');
    await ada.getByRole('checkbox', { name: new RegExp(title) }).check();
    await ada.getByRole('checkbox', { name: 'Andes Robotics SAS' }).check();
    await ada.getByLabel('Proposed on').fill(daysFromToday(-9));
    await expectAccessible(ada, 'propose a project');
    await ada.getByRole('button', { name: 'Propose project' }).click();
    // The budget is required: the form says so next to the field, and keeps everything else.
    await ada.getByText('Enter the budget (0 if none yet).').first().waitFor();
    await ada.getByLabel('Budget').fill('250000');
    await ada.getByLabel('Currency').fill('EUR');
    await ada.getByRole('button', { name: 'Propose project' }).click();
    await ada.getByRole('heading', { name: 'Autonomous harvest scouting', level: 1 }).waitFor();
    for (const [days, next] of [
      [-6, 'Ideate'],
      [-2, 'Develop'],
    ] as const) {
      await ada.getByRole('button', { name: 'Record a gate review' }).click();
      const dialog = ada.getByRole('dialog', { name: 'Record a gate review' });
      await dialog.getByLabel('Decision').selectOption('go');
      await dialog.getByLabel('Gatekeepers').fill('cto-office, agri-robotics-lead');
      await dialog.getByLabel('Criterion 1').fill('field-trial-results');
      await dialog.getByLabel('Score 1').selectOption('4');
      await dialog.getByLabel('Decided on').fill(daysFromToday(days));
      if (next === 'Develop') await expectAccessible(ada, 'a gate review');
      await dialog.getByRole('button', { name: 'Record gate review' }).click();
      await ada.getByText(`Stage: ${next}`).waitFor();
    }
    await expectAccessible(ada, 'a project');
    await shoot(ada, 'project');
    await ada.goto(`${origin}/projects`);
    await ada
      .getByRole('region', { name: /Develop/ })
      .getByText('Autonomous harvest scouting')
      .waitFor();
    await expectAccessible(ada, 'the funnel');
    await shoot(ada, 'funnel');
  }, 180_000);

  it("shows a viewer no write action, and the services refuse a write forged from the viewer's session", async () => {
    const page = await as('val', '/partners');
    await page.getByRole('table', { name: 'Partners' }).waitFor();
    await expect(page.getByRole('link', { name: 'Register a partner' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Fraunhofer IOSB' }).click();
    await page.getByRole('heading', { name: 'Fraunhofer IOSB', level: 1 }).waitFor();
    for (const action of ['Edit profile', 'Change tier', 'More actions', 'Add a contact'])
      await expect(page.getByRole('button', { name: action }).count()).resolves.toBe(0);

    // The page's own session, CSRF token included: only the role is missing.
    const status = await page.evaluate(`(async () => {
      const me = await (await fetch('/auth/me')).json();
      const answer = await fetch('/api/service/partner/partners', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ name: 'Forged Institute', type: 'research_institute', country: 'FR' }),
      });
      return answer.status;
    })()`);
    expect(status).toBe(403);
  }, 90_000);

  it('is usable with the keyboard: focus moves into a dialog and back to what opened it', async () => {
    const page = await as('ada', '/partners?q=Andes%20Robotics');
    await page.getByRole('link', { name: 'Andes Robotics SAS' }).click();
    const more = page.getByRole('button', { name: 'More actions' });
    await more.focus();
    await page.keyboard.press('Enter');
    const focused = () => page.evaluate('document.activeElement?.textContent?.trim() ?? ""');
    await expect(focused()).resolves.toMatch(/…$/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await expect(
      page.evaluate('document.querySelector("dialog[open]")?.contains(document.activeElement)'),
    ).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect(focused()).resolves.toMatch(/^More actions/);
  }, 90_000);

  it('works at 375 pixels wide', async () => {
    const page = await as('ada', '/partners', 375);
    await page.getByRole('table', { name: 'Partners' }).waitFor();
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    // Each partner reads as a card: nothing of the list is hidden to the right, its status included.
    const listOverflow = await page.evaluate(
      "(() => { const wrap = document.querySelector('.table-wrap'); return wrap.scrollWidth - wrap.clientWidth; })()",
    );
    expect(listOverflow).toBeLessThanOrEqual(0);
    const status = await page
      .getByRole('table', { name: 'Partners' })
      .locator('tbody tr')
      .first()
      .locator('td[data-label="Status"]')
      .boundingBox();
    expect(status!.x + status!.width).toBeLessThanOrEqual(375);
    await expectAccessible(page, 'partners at 375 px');
    await shoot(page, 'partners-narrow');
    // The headers that sort are still there to sort with.
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.locator('th[aria-sort="descending"]', { hasText: 'Name' }).waitFor();
  }, 90_000);

  it('ends the session on sign-out, here and at the provider', async () => {
    const page = await as('root');
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider may ask to confirm; either way the browser comes back to the app, signed out.
    const confirm = page.getByRole('button', { name: /sign out|yes/i });
    await Promise.race([
      confirm.click({ timeout: 10_000 }).catch(() => undefined),
      page.getByRole('heading', { name: 'Sign in to Accord' }).waitFor({ timeout: 10_000 }),
    ]);
    await page.waitForURL(`${origin}/**`, { timeout: 10_000 });
    await page.getByRole('heading', { name: 'Sign in to Accord' }).waitFor();
    await expect(page.evaluate(`fetch('/auth/me').then((answer) => answer.status)`)).resolves.toBe(401);
    // Signing in again asks for the password: the provider's session ended too.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Password').waitFor();
  }, 90_000);
});

/** A day relative to today, as the date fields take it (YYYY-MM-DD). */
function daysFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The agreement page's next step, dated in its dialog. */
async function act(page: Page, action: string, dateLabel: string, date: string): Promise<void> {
  await page.getByRole('button', { name: action }).first().click();
  const dialog = page.getByRole('dialog', { name: action });
  await dialog.getByLabel(dateLabel).fill(date);
  await dialog.getByRole('button', { name: action }).click();
  await dialog.waitFor({ state: 'hidden' });
}

/** A party's signature, recorded on its card with the day it was given. */
async function sign(page: Page, party: string, date: string): Promise<void> {
  await page.getByRole('article', { name: party }).getByRole('button', { name: 'Record signature' }).click();
  const dialog = page.getByRole('dialog', { name: `Record signature: ${party}` });
  await dialog.getByLabel('Signed on').fill(date);
  await dialog.getByRole('button', { name: 'Record signature' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('article', { name: party }).getByText('Signed on').waitFor();
}

async function register(page: Page, partner: { name: string; type: string; country: string }): Promise<void> {
  await page.getByLabel('Name', { exact: true }).fill(partner.name);
  await page.getByLabel('Type', { exact: true }).selectOption({ label: partner.type });
  await page.getByLabel('Country', { exact: true }).fill(partner.country);
  await page.getByRole('button', { name: 'Register partner' }).click();
}
