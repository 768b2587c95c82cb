import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CHROMIUM, haveChromium, inBrowser, launch, lowContrastText, unlabelledControls } from './browser-support';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * Issue 18 item 8: the console's pages for an officer's quarter (待办, the enterprise's closed
 * cases and past penalties, inspection draws with outcomes, statistics, publications), in
 * Chinese and in English, over data made through the API. A (Zhejiang) owes everything: its
 * 2020 self-inspection, its annual reports, a report it was ordered to file, a rectification and
 * a fine; its older case is closed, with one penalty performed and one annulled. B is drawn with
 * A and not yet inspected.
 */
declare const sessionStorage: any, document: any;

const NAME_A = '杭州某某呼叫中心有限公司';
const NAME_B = '深圳某某客服外包有限公司';

inBrowser(
  `the officers' pages for deadlines, inspections, statistics and publications${haveChromium ? '' : ` (skipped: ${CHROMIUM} is not installed)`}`,
  () => {
    let ledger: TestLedger;
    let base: string;
    let browser: Awaited<ReturnType<typeof launch>>;
    let officer: string;
    let last = 0;
    let drawId = '';
    /** Recorded after the draw and before any outcome of it. */
    let beforeOutcomes = '';
    const openCase = randomUUID();
    const closedCase = randomUUID();
    const orderId = randomUUID();
    const pageErrors: string[] = [];

    async function post(path: string, body: object) {
      const response = await ledger.http().post(path).set('Authorization', officer).send(body);
      if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
      last = Math.max(last, response.body.position ?? 0);
      return response.body as { position: number; streamId: string; events: Array<{ eventId: string }> };
    }
    const get = (path: string) =>
      ledger
        .http()
        .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
        .set('Authorization', officer);
    async function until(check: () => Promise<boolean>): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    /** A licence in force from March 2020, so its holder owed the 2020 self-inspection and every annual report since. */
    async function grant(uscc: string, licenceNumber: string) {
      const applicationId = randomUUID();
      await post('/v1/licence-applications', {
        applicationId,
        uscc,
        scope: 'domestic',
        coverage: ['nationwide'],
        serviceModel: 'operated',
        approvalPath: 'standard',
        commitments: { noMarketingOutbound: true },
        effectiveAt: '2020-01-10',
      });
      await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2020-01-15' });
      await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
        inspectedOn: '2020-02-01',
        inspectors: ['王'],
        result: 'passed',
      });
      await post(`/v1/licence-applications/${applicationId}/decision`, {
        decision: 'granted',
        licenceNumber,
        validUntil: '2030-02-28',
        effectiveAt: '2020-03-01',
      });
    }

    async function signedIn(hash: string): Promise<Page> {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const token = ledger.token('officer', { sub: 'officer-wang' });
      await page.addInitScript((value) => sessionStorage.setItem('ledger.console.token', value), token);
      await page.goto(`${base}/console${hash}`);
      return page;
    }
    const sectionOf = (page: Page, name: string | RegExp) =>
      page.locator('section', { has: page.getByRole('heading', { level: 2, name }) });
    async function accessible(page: Page) {
      expect({
        url: page.url(),
        unlabelled: await page.evaluate(unlabelledControls),
        lowContrast: await page.evaluate(lowContrastText),
      }).toEqual({ url: page.url(), unlabelled: [], lowContrast: [] });
    }

    beforeAll(async () => {
      ledger = await startTestLedger('officer_pages');
      base = await ledger.listen();
      officer = `Bearer ${ledger.token('officer', { sub: 'officer-li' })}`;

      await post('/v1/enterprises', { uscc: USCC_A, name: NAME_A, province: '330000', effectiveAt: '2020-01-02' });
      await post('/v1/enterprises', { uscc: USCC_B, name: NAME_B, province: '440000', effectiveAt: '2020-01-02' });
      await grant(USCC_A, 'B2-20200101');
      await grant(USCC_B, 'B2-20200102');
      await post(`/v1/enterprises/${USCC_B}/self-inspections`, {
        reportedOn: '2020-07-20',
        findings: ['外呼管控不足'],
        completedOn: '2020-07-15',
      });
      await post(`/v1/enterprises/${USCC_A}/annual-report-orders`, {
        year: 2023,
        orderedOn: '2024-04-10',
        deadline: '2024-04-30',
        documentNo: '浙通管〔2024〕7号',
      });

      // The older case: a fine performed, a warning annulled, the case closed.
      await post('/v1/cases', {
        caseId: closedCase,
        uscc: USCC_A,
        origin: 'complaint',
        violation: 'marketing-outbound',
        summary: '未经同意营销外呼',
        effectiveAt: '2024-05-10',
      });
      const performed = randomUUID();
      const annulled = randomUUID();
      await post(`/v1/cases/${closedCase}/penalties`, {
        penaltyId: performed,
        decidedOn: '2024-06-01',
        documentNo: '浙通信罚〔2024〕3号',
        legalBasis: ['电信条例 第六十九条'],
        measures: [{ type: 'fine', amountCny: 10000 }],
        performanceDeadline: '2024-06-30',
      });
      await post(`/v1/cases/${closedCase}/penalties/${performed}/performance`, { performedOn: '2024-06-20', evidence: ['缴款凭证'] });
      await post(`/v1/cases/${closedCase}/penalties`, {
        penaltyId: annulled,
        decidedOn: '2024-06-02',
        documentNo: '浙通信罚〔2024〕4号',
        legalBasis: ['电信条例 第六十九条'],
        measures: [{ type: 'warning' }],
      });
      await post(`/v1/cases/${closedCase}/penalties/${annulled}/annulment`, { reason: '复议撤销', decidedOn: '2024-06-15' });
      await post(`/v1/cases/${closedCase}/closure`, { outcome: '已处罚并履行', effectiveAt: '2024-07-01' });

      // The quarter: a draw of MIIT's licensees, the inspection of A opening a case, an order gone overdue and a fine unpaid.
      const drawn = await post('/v1/inspection-draws', {
        seed: '2025-Q1',
        sampleSize: 2,
        inspectors: ['张', '王'],
        inspectorsPerEnterprise: 1,
        effectiveAt: '2025-01-05',
      });
      drawId = drawn.streamId.replace('inspection-draw-', '');
      await new Promise((r) => setTimeout(r, 5));
      beforeOutcomes = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      await post('/v1/cases', {
        caseId: openCase,
        uscc: USCC_A,
        origin: 'inspection',
        violation: 'harassment-calls',
        summary: '抽查发现骚扰电话',
        effectiveAt: '2025-01-10',
      });
      await post(`/v1/inspection-draws/${drawId}/outcomes`, {
        uscc: USCC_A,
        outcome: 'case-opened',
        caseId: openCase,
        inspectedOn: '2025-01-10',
      });
      await post(`/v1/cases/${openCase}/rectification-orders`, {
        orderId,
        orderedOn: '2025-01-20',
        deadline: '2025-02-20',
        requirements: ['停止骚扰呼叫'],
        documentNo: '浙通信改〔2025〕1号',
      });
      await post(`/v1/cases/${openCase}/penalties`, {
        decidedOn: '2025-03-01',
        documentNo: '浙通信罚〔2025〕7号',
        legalBasis: ['电信条例 第六十九条'],
        measures: [{ type: 'fine', amountCny: 50000 }],
        performanceDeadline: '2025-03-31',
        authority: '浙江省通信管理局',
      });
      // The penalty process manager lists A on the bad list; the publication of the quarter then holds it.
      const listedOn = async (day: string) =>
        (await get(`/v1/enterprises/${USCC_A}/history?limit=500`)).body.items.some(
          (e: { type: string; data: { listedOn?: string } }) => e.type === 'CreditListEntryAdded' && e.data.listedOn === day,
        );
      await until(() => listedOn('2025-03-01'));
      await post('/v1/credit-list/publications', {
        period: '2025-Q1',
        list: 'bad',
        publishedOn: '2025-04-15',
        documentNo: '工信部公示〔2025〕1号',
      });
      browser = await launch();
    });

    afterAll(async () => {
      await browser?.close();
      await ledger?.close();
    });

    afterEach(() => {
      expect(pageErrors.splice(0)).toEqual([]);
    });

    it('lists what is overdue (待办), each list with its count, linking to the enterprise and the case, now and at a past date', async () => {
      const page = await signedIn('#/worklists');
      await page.getByRole('heading', { level: 1, name: '待办' }).waitFor();
      expect(await page.getByRole('link', { name: '待办' }).getAttribute('aria-current')).toBe('page');

      const reports = sectionOf(page, /^逾期未报年报（\d{4} 年度）（2）$/);
      expect(await reports.locator('tbody tr').count()).toBe(2);
      const orders = sectionOf(page, '责令限期报送年报逾期（1）');
      const order = orders.locator('tbody tr');
      expect(await order.textContent()).toContain('浙通管〔2024〕7号');
      expect(await order.textContent()).toContain('2024-05-01');
      expect(await order.textContent()).toContain('尚未处理');
      const rectification = sectionOf(page, '整改到期未改正（1）').locator('tbody tr');
      expect(await rectification.textContent()).toContain('浙通信改〔2025〕1号');
      expect(await rectification.textContent()).toContain('骚扰电话');
      expect(await rectification.textContent()).toContain('2025-02-21');
      const penalty = sectionOf(page, '未履行处罚（1）').locator('tbody tr');
      expect(await penalty.textContent()).toContain('浙通信罚〔2025〕7号');
      expect(await penalty.textContent()).toContain('罚款');
      expect(await penalty.textContent()).toContain('浙江省通信管理局');
      expect(await sectionOf(page, '自查整改未完成（2020 年）（1）').locator('tbody tr').textContent()).toContain('未报告');
      await accessible(page);

      // The day after the order's deadline: the order was overdue, the fine not decided yet.
      await page.getByLabel('按生效时间（当日）').fill('2025-02-21');
      await page.getByRole('button', { name: '查看', exact: true }).click();
      await sectionOf(page, '未履行处罚（0）').waitFor();
      expect(await sectionOf(page, '整改到期未改正（1）').count()).toBe(1);
      expect(await page.locator('#worklist-day').textContent()).toContain('2025-02-21');

      // The case link of a row opens the case, its order overdue and its fine not performed.
      await page.getByRole('button', { name: '回到当前' }).click();
      const row = sectionOf(page, '未履行处罚（1）').locator('tbody tr');
      await row.getByRole('link', { name: openCase.slice(0, 8) }).click();
      await page.getByRole('heading', { level: 1, name: `案件 ${openCase.slice(0, 8)}` }).waitFor();
      expect(await page.locator('#case-identity').textContent()).toContain('骚扰电话');
      expect(await sectionOf(page, '责令改正').textContent()).toContain('逾期未整改');
      expect(await sectionOf(page, '行政处罚').textContent()).toContain('尚无履行记录');
      await accessible(page);
      await page.close();
    });

    it('shows every case of the enterprise, closed ones too, its penalties performed or annulled, and the draws it was in', async () => {
      const page = await signedIn(`#/enterprise/${USCC_A}`);
      await page.getByRole('heading', { level: 1, name: NAME_A }).waitFor();
      const cases = sectionOf(page, '案件（含已结案）');
      const closed = cases.locator('tbody tr', { hasText: closedCase.slice(0, 8) });
      expect(await closed.textContent()).toContain('已结案');
      expect(await closed.textContent()).toContain('营销外呼');
      expect(await closed.textContent()).toContain('2024-07-01');
      expect(await cases.locator('tbody tr', { hasText: openCase.slice(0, 8) }).textContent()).toContain('办理中');
      const penalties = sectionOf(page, '行政处罚');
      expect(await penalties.locator('tbody tr', { hasText: '浙通信罚〔2024〕3号' }).textContent()).toContain('已履行（2024-06-20）');
      expect(await penalties.locator('tbody tr', { hasText: '浙通信罚〔2024〕3号' }).textContent()).toContain('罚款 10,000 元');
      expect(await penalties.locator('tbody tr', { hasText: '浙通信罚〔2024〕4号' }).textContent()).toContain('已撤销（2024-06-15）');
      expect(await penalties.locator('tbody tr', { hasText: '浙通信罚〔2025〕7号' }).textContent()).toContain('尚无履行记录');
      const draws = sectionOf(page, '双随机抽查');
      expect(await draws.locator('tbody tr').textContent()).toContain('已立案');
      await accessible(page);

      // As it stood before the older case was closed and its warning annulled.
      await page.getByLabel('按生效时间（当日）').fill('2024-06-10');
      await page.getByRole('button', { name: '查看', exact: true }).click();
      await page.locator('#time-banner').getByText('按生效时间').waitFor();
      await page.waitForFunction(
        () =>
          !document.querySelector('main')?.textContent?.includes('浙通信罚〔2025〕7号') &&
          document.querySelector('main')?.textContent?.includes('浙通信罚〔2024〕4号'),
      );
      expect(await sectionOf(page, '案件（含已结案）').locator('tbody tr').textContent()).toContain('办理中');
      expect(await sectionOf(page, '行政处罚').locator('tbody tr', { hasText: '浙通信罚〔2024〕4号' }).textContent()).toContain(
        '尚无履行记录',
      );
      await page.close();
    });

    it('lists the draws and shows each drawn enterprise with its outcome, pending ones marked, also before any outcome', async () => {
      const page = await signedIn('#/inspections');
      await page.getByRole('heading', { level: 1, name: '双随机抽查' }).waitFor();
      const draw = sectionOf(page, '抽取记录').locator('tbody tr');
      expect(await draw.textContent()).toContain('已记录 1 / 2');
      expect(await draw.textContent()).toContain('本机关许可的企业');
      await accessible(page);
      await draw.getByRole('link', { name: '2025-01-05' }).click();

      await page.getByRole('heading', { level: 1, name: '双随机抽查（2025-01-05）' }).waitFor();
      expect(await page.locator('#draw-identity').textContent()).toContain('账本复算结果一致');
      const inspections = sectionOf(page, '检查对象与结果');
      const a = inspections.locator('tbody tr', { hasText: NAME_A });
      expect(await a.textContent()).toContain('已立案');
      expect(await a.getByRole('link', { name: openCase.slice(0, 8) }).count()).toBe(1);
      expect(await inspections.locator('tbody tr', { hasText: NAME_B }).textContent()).toContain('待检查');
      await accessible(page);

      await page.goto(`${base}/console#/inspections/${drawId}?asOf=${encodeURIComponent(beforeOutcomes)}`);
      await page.locator('#time-banner').getByText('按记录时间').waitFor();
      await page.waitForFunction(() => document.querySelector('#draw-identity')?.textContent?.includes('2 家中 2 家待检查'));
      expect(await sectionOf(page, '检查对象与结果').locator('tbody tr', { hasText: NAME_A }).textContent()).toContain('待检查');
      await page.close();
    });

    it('counts cases by quarter, category and province, and listings by quarter, with charts drawn as SVG and tables beside them', async () => {
      const page = await signedIn('#/statistics');
      await page.getByRole('heading', { level: 1, name: '统计' }).waitFor();
      expect(await page.locator('#stats-total').textContent()).toContain('立案共 2 件');
      const byQuarter = sectionOf(page, '按季度立案');
      const chart = byQuarter.getByRole('img', { name: '各季度立案数柱状图' });
      // 2024-Q2 to 2025-Q1: the quarters between count as none, not as missing.
      expect(await chart.locator('.chart-label').allTextContents()).toEqual(['2024-Q2', '2024-Q3', '2024-Q4', '2025-Q1']);
      expect(await chart.locator('rect.chart-bar').count()).toBe(4);
      expect(await byQuarter.locator('tbody tr', { hasText: '2025-Q1' }).textContent()).toContain('1');
      expect(await sectionOf(page, '按违规类型立案').locator('tbody tr').allTextContents()).toEqual(
        expect.arrayContaining([expect.stringContaining('骚扰电话'), expect.stringContaining('营销外呼')]),
      );
      expect(await sectionOf(page, '按省份立案').locator('tbody tr').textContent()).toContain('浙江省');
      const listings = sectionOf(page, '信用名单列入与移出（按季度）');
      expect(await listings.getByRole('img', { name: '各季度列入与移出信用名单数量柱状图' }).locator('rect').count()).toBeGreaterThan(0);
      expect(await listings.locator('tbody tr', { hasText: '2025-Q1' }).textContent()).toContain('不良名单');
      // No style attribute anywhere: the CSP would refuse it.
      expect(await page.locator('main [style]').count()).toBe(0);
      await accessible(page);

      await page.getByLabel('起始季度').fill('2025-Q1');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/fromQuarter=2025-Q1/);
      await page.waitForFunction(() => document.querySelector('#stats-total')?.textContent?.includes('立案共 1 件'));
      // A range that ends before it starts is the API's to refuse; the form stays to correct it.
      await page.getByLabel('截止季度').fill('2024-Q4');
      await page.getByRole('button', { name: '筛选' }).click();
      expect(await page.getByRole('alert').textContent()).toContain('toQuarter');
      expect(await page.getByLabel('起始季度').inputValue()).toBe('2025-Q1');

      await page.goto(`${base}/console#/statistics`);
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
      expect(await page.locator('#stats-total').textContent()).toContain('2 cases opened');
      expect(await sectionOf(page, 'Cases by violation').textContent()).toContain('Harassment calls');
      expect(await sectionOf(page, 'Cases by province').textContent()).toContain('Zhejiang');
      await sectionOf(page, 'Cases by quarter').getByRole('img', { name: 'Bar chart of cases opened per quarter' }).waitFor();
      expect(await page.getByRole('link', { name: 'Worklists' }).count()).toBe(1);
      await accessible(page);
      await page.getByRole('button', { name: '切换到中文' }).click();
      await page.getByRole('heading', { level: 1, name: '统计' }).waitFor();
      await page.close();
    });

    it('lists the publications and shows one with its entries, its hash checked in the browser, and its JSON and CSV to download', async () => {
      const page = await signedIn('#/publications');
      await page.getByRole('heading', { level: 1, name: '信用名单公示' }).waitFor();
      const row = sectionOf(page, '信用名单公示').locator('tbody tr');
      expect(await row.textContent()).toContain('工信部公示〔2025〕1号');
      expect(await row.textContent()).toContain('全国名单');
      await accessible(page);
      await row.getByRole('link', { name: '2025-Q1 不良名单' }).click();

      await page.getByRole('heading', { level: 1, name: /2025-Q1 不良名单公示$/ }).waitFor();
      const identity = page.locator('#publication-identity');
      const published = (await get('/v1/credit-list/publications/MIIT-2025-Q1-bad')).body;
      expect(await identity.textContent()).toContain(published.entriesHash);
      expect(await identity.textContent()).toContain('2025-03-31');
      await page.locator('#publication-hash', { hasText: '一致（已在本浏览器中计算）' }).waitFor();
      const entries = sectionOf(page, '公示条目').locator('tbody tr');
      expect(await entries.count()).toBe(published.count);
      expect(await entries.filter({ hasText: NAME_A }).count()).toBeGreaterThan(0);
      await accessible(page);

      // The files come from the download route, fetched with the officer's token: the JSON's entries are those the hash is over.
      const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^下载 JSON/ }).click()]);
      expect(json.suggestedFilename()).toBe('credit-list-MIIT-2025-Q1-bad.json');
      expect(JSON.parse(readFileSync((await json.path())!, 'utf8'))).toMatchObject({
        entriesHash: published.entriesHash,
        entries: published.data.entries,
      });
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^下载 CSV/ }).click()]);
      expect(csv.suggestedFilename()).toBe('credit-list-MIIT-2025-Q1-bad.csv');
      expect(readFileSync((await csv.path())!, 'utf8')).toContain(USCC_A);

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { level: 1, name: /Bad list, 2025-Q1$/ }).waitFor();
      await page.locator('#publication-hash', { hasText: 'Matches (computed in this browser)' }).waitFor();
      expect(await page.getByRole('button', { name: 'Download CSV (for reading and spreadsheets)' }).count()).toBe(1);
      await page.getByRole('button', { name: '切换到中文' }).click();
      await page.close();
    });

    it('fits every new page on a tablet held upright', async () => {
      const page = await signedIn('#/worklists');
      await page.setViewportSize({ width: 800, height: 1100 });
      const views: Array<[string, string]> = [
        ['#/worklists', '待办'],
        ['#/inspections', '双随机抽查'],
        [`#/inspections/${drawId}`, '双随机抽查（2025-01-05）'],
        ['#/statistics', '统计'],
        ['#/publications', '信用名单公示'],
        [`#/case/${openCase}`, `案件 ${openCase.slice(0, 8)}`],
      ];
      for (const [hash, heading] of views) {
        await page.goto(`${base}/console${hash}`);
        await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
        const fits = await page.evaluate(() => document.documentElement.scrollWidth <= 800);
        expect([hash, fits]).toEqual([hash, true]);
      }
      await page.close();
    });
  },
);
