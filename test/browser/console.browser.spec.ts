import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM, haveChromium, inBrowser, launch, lowContrastText, unlabelledControls } from './browser-support';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/**
 * The officers' console driven in headless Chromium (Debian's package, as node-svc.md says works
 * here), against a whole ledger listening on loopback, with data made through the API as an
 * officer would. `UPDATE_SCREENSHOTS=1` rewrites docs/console-enterprise.png for the README.
 */
// What runs inside the page: the project compiles without the DOM library, so these stay untyped.
declare const document: any, sessionStorage: any, getComputedStyle: any, window: any;

const NAME_A = '杭州某某呼叫中心有限公司';
const LICENCE = 'B2-20240042';
const DAY_MS = 86_400_000;
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString();
const daysAgo = (days: number) => beijing(Date.now() - days * DAY_MS).slice(0, 10);

inBrowser(
  `the officers' console in a browser${haveChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`}`,
  () => {
    let ledger: TestLedger;
    let base: string;
    let browser: Awaited<ReturnType<typeof launch>>;
    let officer: string;
    /** A moment after the enterprise was licensed and before anything put it on a credit list. */
    let beforeListing: number;
    const pageErrors: string[] = [];

    const post = async (path: string, body: object, auth = officer) => {
      const response = await ledger.http().post(path).set('Authorization', auth).send(body);
      if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
      return response.body as { position: number; events: Array<{ eventId: string }> };
    };
    /** Every listing rests on a recorded act: here an interview about harassment calls, in a case of its own. */
    const interviewOf = async (uscc: string, ago: number) => {
      const caseId = randomUUID();
      await post('/v1/cases', {
        caseId,
        uscc,
        origin: 'complaint',
        violation: 'harassment-calls',
        summary: '骚扰电话投诉',
        effectiveAt: daysAgo(ago + 5),
      });
      const interview = await post(`/v1/cases/${caseId}/interviews`, {
        heldOn: daysAgo(ago),
        attendees: ['企业负责人'],
        minutes: '约谈骚扰电话问题',
      });
      return { eventId: interview.events[0]!.eventId };
    };

    async function until(check: () => Promise<boolean>): Promise<void> {
      const deadline = Date.now() + 10_000;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    /** A fresh tab, signed in as the console keeps it (the token in this tab's session storage). */
    async function signedIn(hash = '#/'): Promise<Page> {
      const page = await browser.context.newPage();
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      const token = ledger.token('officer', { sub: 'officer-wang' });
      await page.addInitScript((value) => sessionStorage.setItem('ledger.console.token', value), token);
      await page.goto(`${base}/console${hash}`);
      return page;
    }

    beforeAll(async () => {
      ledger = await startTestLedger('console_browser');
      base = await ledger.listen();
      officer = `Bearer ${ledger.token('officer', { sub: 'officer-li' })}`;
      const carrier = `Bearer ${ledger.token('carrier', { org: 'CT', sub: 'ct-access-desk' })}`;

      await post('/v1/enterprises', {
        uscc: USCC_A,
        name: NAME_A,
        province: '330000',
        address: '浙江省杭州市西湖区文三路 90 号',
        effectiveAt: daysAgo(400),
      });
      await post('/v1/enterprises', { uscc: USCC_B, name: '深圳某某客服外包有限公司', province: '440000', effectiveAt: daysAgo(300) });
      const applicationId = randomUUID();
      await post('/v1/licence-applications', {
        applicationId,
        uscc: USCC_A,
        scope: 'domestic',
        coverage: ['nationwide'],
        serviceModel: 'operated',
        approvalPath: 'standard',
        commitments: { noMarketingOutbound: true },
        effectiveAt: daysAgo(380),
      });
      await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: daysAgo(375) });
      await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
        inspectedOn: daysAgo(370),
        inspectors: ['王', '李'],
        result: 'passed',
      });
      await post(`/v1/licence-applications/${applicationId}/decision`, {
        decision: 'granted',
        licenceNumber: LICENCE,
        validUntil: beijing(Date.now() + 4 * 365 * DAY_MS).slice(0, 10),
        documentNo: '工信部许〔2024〕42号',
        effectiveAt: daysAgo(365),
      });
      await post('/v1/numbers', { number: '95042', uscc: USCC_A, allocatedOn: daysAgo(360) });
      await post('/v1/numbers/95042/filings', {
        carrier: 'CT',
        purpose: '客户服务热线',
        inbound: true,
        outbound: false,
        effectiveAt: daysAgo(355),
      });
      await post('/v1/access-contracts', { carrier: 'CT', uscc: USCC_A, numbers: ['95042'], verifiedOn: daysAgo(350) }, carrier);

      // The console's as-of picker has whole seconds: leave one whole second between the two parts.
      beforeListing = Math.ceil((Date.now() + 1) / 1000) * 1000;
      await new Promise((r) => setTimeout(r, beforeListing - Date.now() + 20));

      const caseId = randomUUID();
      await post('/v1/cases', {
        caseId,
        uscc: USCC_A,
        origin: 'complaint',
        violation: 'harassment-calls',
        summary: '利用 95042 拨打营销骚扰电话',
        numbers: ['95042'],
        effectiveAt: daysAgo(60),
      });
      await post(`/v1/cases/${caseId}/interviews`, {
        heldOn: daysAgo(45),
        attendees: ['企业负责人', '王科长'],
        minutes: '约谈企业负责人，责令立即停止营销外呼并整改',
        commitments: ['停止营销外呼'],
        documentNo: '浙通信约〔2025〕3号',
      });
      const penalty = await post(`/v1/cases/${caseId}/penalties`, {
        decidedOn: daysAgo(30),
        documentNo: '浙通信罚〔2025〕7号',
        legalBasis: ['电信条例 第六十九条'],
        measures: [{ type: 'warning' }, { type: 'fine', amountCny: 50000 }],
        authority: '浙江省通信管理局',
      });
      // The penalty process manager puts the enterprise on the bad list (art. 42).
      await until(
        async () => (await ledger.http().get(`/v1/credit-list/check/${USCC_A}`).set('Authorization', officer)).body.listed === true,
      );
      await ledger
        .http()
        .get(`/v1/enterprises/${USCC_A}/history?minPosition=${penalty.position + 1}`)
        .set('Authorization', officer)
        .expect(200);
      browser = await launch();
    });

    afterAll(async () => {
      await browser?.close();
      await ledger?.close();
    });

    afterEach(() => {
      expect(pageErrors.splice(0)).toEqual([]);
    });

    it('signs in with a pasted token, searches, and opens the enterprise with its decision history', async () => {
      const page = await browser.context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${base}/console`);
      await page.getByLabel('访问令牌（JWT）').fill(ledger.token('officer', { sub: 'officer-zhao' }));
      await page.getByRole('button', { name: '使用此令牌' }).click();
      await page.getByRole('heading', { level: 1, name: '企业查询' }).waitFor();
      expect(await page.locator('#who').textContent()).toContain('officer-zhao');

      const search = page.getByLabel('统一社会信用代码或企业名称');
      await search.fill('杭州');
      await search.press('Enter');
      const result = page.getByRole('link', { name: NAME_A });
      await result.waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(NAME_A);
      await page.keyboard.press('Enter');

      await page.getByRole('heading', { level: 1, name: NAME_A }).waitFor();
      const credit = page.locator('#credit-status');
      expect(await credit.textContent()).toContain('已列入：不良名单');
      const licences = page.locator('section', { has: page.getByRole('heading', { name: '许可证', exact: true }) });
      expect(await licences.textContent()).toContain(LICENCE);
      expect(await licences.textContent()).toContain('有效');
      const timeline = page.locator('section', { has: page.getByRole('heading', { name: '决定记录' }) });
      const types = await timeline.locator('tbody th .event-type').allTextContents();
      expect(types).toEqual(
        expect.arrayContaining(['企业登记', '准予许可', '码号备案', '签订接入合同', '立案', '约谈', '行政处罚', '列入信用名单']),
      );
      const penaltyRow = timeline.locator('tbody tr', { hasText: '行政处罚' });
      expect(await penaltyRow.textContent()).toContain('浙通信罚〔2025〕7号');
      expect(await penaltyRow.textContent()).toContain('officer-li');
      expect(await penaltyRow.textContent()).toContain(`${daysAgo(30)} 00:00:00`);

      await timeline.getByLabel('业务环节').selectOption('enforcement');
      expect(await timeline.locator('tbody th .event-type').allTextContents()).toEqual(['立案', '约谈', '行政处罚']);
      await timeline.getByLabel('业务环节').selectOption('all');

      if (process.env.UPDATE_SCREENSHOTS) {
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: 'docs/console-enterprise.png' });
      }
      await page.close();
    });

    it('shows the enterprise as recorded before its listing, and as in effect before the penalty', async () => {
      const page = await signedIn(`#/enterprise/${USCC_A}`);
      const credit = page.locator('#credit-status');
      await credit.waitFor();
      expect(await credit.textContent()).toContain('已列入');

      await page.getByLabel('按记录时间（截至，北京时间）').fill(beijing(beforeListing).slice(0, 19));
      await page.getByRole('button', { name: '查看', exact: true }).click();
      const banner = page.locator('#time-banner');
      await banner.getByText('按记录时间').waitFor();
      expect(await banner.textContent()).toContain(beijing(beforeListing).slice(0, 19).replace('T', ' '));
      await page.waitForFunction(() => document.querySelector('#credit-status')?.textContent?.includes('未列入'));
      const types = await page
        .locator('section', { has: page.getByRole('heading', { name: '决定记录' }) })
        .locator('tbody th .event-type')
        .allTextContents();
      expect(types).toContain('签订接入合同');
      expect(types).not.toContain('立案');
      expect(await page.locator('section', { has: page.getByRole('heading', { name: '许可证' }) }).textContent()).toContain(LICENCE);
      expect(page.url()).toContain('asOf=');

      await page.getByRole('button', { name: '回到当前' }).click();
      await page.waitForFunction(() => document.querySelector('#credit-status')?.textContent?.includes('已列入'));
      expect(await banner.isHidden()).toBe(true);

      await page.getByLabel('按生效时间（当日）').fill(daysAgo(31));
      await page.getByRole('button', { name: '查看', exact: true }).click();
      await banner.getByText('按生效时间').waitFor();
      await page.waitForFunction(() => document.querySelector('#credit-status')?.textContent?.includes('未列入'));
      await page.close();
    });

    it('shows, in Chinese, a revocation reaching the numbers and the access contract, and the listing on the dishonest list', async () => {
      const carrier = `Bearer ${ledger.token('carrier', { org: 'CT', sub: 'ct-access-desk' })}`;
      const applicationId = randomUUID();
      const application = {
        applicationId,
        uscc: USCC_B,
        scope: 'domestic',
        coverage: ['nationwide'],
        serviceModel: 'seat-rental',
        approvalPath: 'standard',
      };
      await post('/v1/licence-applications', { ...application, commitments: { noMarketingOutbound: true }, effectiveAt: daysAgo(290) });
      await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: daysAgo(285) });
      await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
        inspectedOn: daysAgo(282),
        inspectors: ['王'],
        result: 'passed',
      });
      await post(`/v1/licence-applications/${applicationId}/decision`, {
        decision: 'granted',
        licenceNumber: 'B2-20240043',
        validUntil: daysAgo(-1000),
        effectiveAt: daysAgo(280),
      });
      await post('/v1/numbers', { number: '95043', uscc: USCC_B, allocatedOn: daysAgo(270) });
      await post('/v1/numbers/95043/filings', {
        carrier: 'CT',
        purpose: '外包客服',
        inbound: true,
        outbound: true,
        outboundBasis: 'callback',
        effectiveAt: daysAgo(268),
      });
      await post('/v1/access-contracts', { carrier: 'CT', uscc: USCC_B, numbers: ['95043'], verifiedOn: daysAgo(265) }, carrier);
      const caseId = randomUUID();
      await post('/v1/cases', {
        caseId,
        uscc: USCC_B,
        origin: 'monitoring',
        violation: 'harassment-calls',
        summary: '监测发现骚扰呼叫',
        effectiveAt: daysAgo(40),
      });
      await post(`/v1/cases/${caseId}/penalties`, {
        decidedOn: daysAgo(20),
        documentNo: '工信罚〔2025〕20号',
        legalBasis: ['电信条例 第七十八条'],
        measures: [
          { type: 'fine', amountCny: 200000 },
          { type: 'licence-revocation', licenceNumber: 'B2-20240043' },
        ],
      });
      const history = async () =>
        (await ledger.http().get(`/v1/enterprises/${USCC_B}/history?limit=500`).set('Authorization', officer)).body.items.map(
          (i: { type: string }) => i.type,
        );
      await until(async () => (await history()).includes('AccessTerminated') && (await history()).includes('CreditListEntryAdded'));

      const page = await signedIn(`#/enterprise/${USCC_B}`);
      await page.getByRole('heading', { level: 1, name: '深圳某某客服外包有限公司' }).waitFor();
      expect(await page.locator('#credit-status').textContent()).toContain('失信名单');
      const section = (name: string) => page.locator('section', { has: page.getByRole('heading', { name, exact: true }) });
      expect(await section('许可证').textContent()).toContain('吊销');
      expect(await section('许可证').textContent()).toContain('坐席出租');
      expect(await section('码号').textContent()).toContain('已收回');
      expect(await section('接入合同').textContent()).toContain('已终止');
      const types = await section('决定记录').locator('tbody th .event-type').allTextContents();
      expect(types).toEqual(expect.arrayContaining(['行政处罚', '吊销许可', '收回码号', '接入码号移除', '终止接入', '列入信用名单']));
      // The listing's reason is generated by the ledger, stored as a code, and rendered in the officer's language.
      expect(await section('信用名单').textContent()).toContain(
        '工信罚〔2025〕20号吊销其电信业务经营许可证（《电信业务经营许可管理办法》第四十二条）',
      );
      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Decision history' }).waitFor();
      expect(await section('Credit list').textContent()).toContain('Licence revoked by penalty decision 工信罚〔2025〕20号');
      await page.getByRole('button', { name: '切换到中文' }).click();
      await page.getByRole('heading', { name: '决定记录' }).waitFor();
      await page.close();
    });

    it('verifies an event’s inclusion proof and the checkpoint signature in the browser', async () => {
      const checkpoint = await ledger.http().get('/v1/integrity/checkpoint').set('Authorization', officer);
      const page = await signedIn('#/integrity');
      if (checkpoint.status === 404) {
        // Jest cannot mark a test skipped once it runs: without integrity endpoints, the console must say so.
        await page.locator('#integrity-unavailable').waitFor();
        console.warn('skipped: GET /v1/integrity/checkpoint answers 404, so no proof was verified against the ledger');
        await page.close();
        return;
      }
      await page.getByText('有效（已在本浏览器中验证）').waitFor();
      await page.getByLabel('全局位置', { exact: true }).fill('1');
      await page.getByRole('button', { name: '验证', exact: true }).click();
      await page.locator('#position-proof.proof-ok').waitFor();

      await page.goto(`${base}/console#/enterprise/${USCC_A}`);
      const row = page.locator('tbody tr', { hasText: '行政处罚' });
      await row.getByRole('button', { name: /^验证第 \d+ 号事件的包含证明$/ }).click();
      await row.locator('.proof-result.proof-ok').waitFor();
      expect(await row.locator('.proof-result').textContent()).toMatch(/^已验证：该事件包含在 \d+ 条事件的签名检查点中，签名有效。$/);
      await page.close();
    });

    it('checks inclusion proofs and signatures as RFC 9162 and RFC 8785 define them', async () => {
      const page = await signedIn();
      await page.getByRole('heading', { level: 1, name: '企业查询' }).waitFor();
      // A string, so the test's compiler leaves this import() alone: the page loads the module itself.
      await page.evaluate("import('/console/assets/integrity.js').then((m) => { window.integrity = m; })");
      const cases = proofCases();
      const outcome: Array<Record<string, boolean>> = await page.evaluate(
        (all) => Promise.all(all.map((c) => window.integrity.verifyInclusion(c))),
        cases,
      );
      expect(outcome.map((o) => [o.ok, o.signatureValid, o.leafMatches, o.rootMatches])).toEqual(cases.map((c) => c.expect));
      const canonical = await page.evaluate(() =>
        window.integrity.canonicalJson({ b: 1, é: 1.5e-7, a: [true, null, 'é"\n'], c: { z: 1, y: -0 } }),
      );
      expect(canonical).toBe('{"a":[true,null,"é\\"\\n"],"b":1,"c":{"y":0,"z":1},"é":1.5e-7}');
      await page.close();
    });

    it('shows a penalty or listing in the live feed as it is recorded', async () => {
      const basis = await interviewOf(USCC_B, 3);
      const page = await signedIn('#/feed');
      await page.locator('#feed-status', { hasText: '已连接' }).waitFor();
      await post('/v1/credit-list/entries', {
        uscc: USCC_B,
        list: 'dishonest',
        reason: '约谈后拒不整改骚扰电话问题',
        listedOn: daysAgo(1),
        basis,
        documentNo: '粤通信信用〔2025〕9号',
      });
      const item = page.locator('#feed-list li', { hasText: USCC_B });
      await item.waitFor();
      expect(await item.textContent()).toContain('列入信用名单');
      expect(await item.textContent()).toContain('失信名单');
      expect(await item.textContent()).toContain('粤通信信用〔2025〕9号');
      await page.close();
    });

    it('lists the credit list, licences and numbers with their filters', async () => {
      await post('/v1/credit-list/entries', {
        uscc: USCC_B,
        list: 'dishonest',
        reason: '约谈后骚扰电话投诉仍然突出',
        listedOn: daysAgo(2),
        basis: await interviewOf(USCC_B, 4),
      });
      const page = await signedIn('#/credit-list');
      await page.locator('tbody tr', { hasText: NAME_A }).waitFor();
      await page.getByLabel('名单类型').selectOption('dishonest');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/list=dishonest/);
      await page.locator('tbody tr', { hasText: USCC_B }).first().waitFor();
      expect(await page.locator('tbody tr', { hasText: NAME_A }).count()).toBe(0);

      await page.getByRole('link', { name: '许可证' }).click();
      await page.getByLabel('状态').selectOption('valid');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.locator('tbody tr', { hasText: LICENCE }).waitFor();
      expect(page.url()).toContain('status=valid');

      await page.getByRole('link', { name: '码号' }).click();
      await page.getByLabel('接入运营商').selectOption('CT');
      await page.getByRole('button', { name: '筛选' }).click();
      const number = page.locator('tbody tr', { hasText: '95042' });
      await number.waitFor();
      expect(await number.textContent()).toContain('已备案');
      await page.close();
    });

    it('labels every control, shows focus, keeps contrast, speaks English on request, and fits a tablet', async () => {
      const page = await signedIn(`#/enterprise/${USCC_A}`);
      await page.locator('#credit-status').waitFor();
      expect(await page.evaluate(unlabelledControls)).toEqual([]);
      expect(await page.evaluate(lowContrastText)).toEqual([]);

      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)).not.toBe('none');

      await page.getByRole('button', { name: 'Switch to English' }).click();
      await page.getByRole('heading', { name: 'Decision history' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('#credit-status').textContent()).toContain('Listed: Bad list');
      await page.getByRole('button', { name: '切换到中文' }).click();
      await page.getByRole('heading', { name: '决定记录' }).waitFor();

      await page.setViewportSize({ width: 800, height: 1100 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(800);
      const views: Array<[string, string]> = [
        ['#/credit-list', '信用名单'],
        ['#/licences', '许可证'],
        ['#/numbers', '码号'],
        ['#/feed', '实时动态：处罚与信用名单'],
        ['#/integrity', '完整性校验'],
      ];
      for (const [hash, heading] of views) {
        await page.goto(`${base}/console${hash}`);
        await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
        const fits = await page.evaluate(() => document.documentElement.scrollWidth <= 800);
        expect([hash, await page.evaluate(unlabelledControls), fits]).toEqual([hash, [], true]);
      }
      await page.close();
    });

    describe('on a development ledger', () => {
      let dev: TestLedger;
      let dataDir: string;

      beforeAll(async () => {
        dataDir = mkdtempSync(join(tmpdir(), 'console-dev-'));
        dev = await startTestLedger('console_browser_dev', { LEDGER_JWT_SECRET: '', LEDGER_DATA_DIR: dataDir });
      });
      afterAll(async () => {
        await dev?.close();
        rmSync(dataDir, { recursive: true, force: true });
      });

      it('signs in with one click', async () => {
        const devBase = await dev.listen();
        const page = await browser.context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(`${devBase}/console`);
        await page.getByRole('button', { name: '开发环境一键登录' }).click();
        await page.getByRole('heading', { level: 1, name: '企业查询' }).waitFor();
        expect(await page.locator('#who').textContent()).toContain('console-dev');
        await page.close();
      });
    });
  },
);

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** RFC 9162 §2.1.1 and §2.1.3.1, written from the definitions, to check the console's verifier against. */
function treeHash(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return sha256(Buffer.from([1]), treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

function auditPath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...auditPath(m, leaves.slice(0, k)), treeHash(leaves.slice(k))]
    : [...auditPath(m - k, leaves.slice(k)), treeHash(leaves.slice(0, k))];
}

/** The largest power of two smaller than n. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * Trees of 1 to 7 events and every leaf of each, signed with a fresh Ed25519 key; then a tampered
 * event, a forged signature and a shortened path, each of which must fail its own check. The
 * events' keys are given out of order: the verifier must sort them (JCS) to find the leaf.
 */
function proofCases() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const event = (i: number) => ({ type: 'EnterpriseRegistered', position: i + 1, data: { uscc: USCC_A, name: `企业${i}` } });
  // Sorted by hand, so JSON.stringify here is JCS there.
  const canonical = (i: number) =>
    JSON.stringify({ data: { name: `企业${i}`, uscc: USCC_A }, position: i + 1, type: 'EnterpriseRegistered' });
  const checkpointOf = (treeSize: number, root: Buffer) => {
    const issuedAt = '2025-06-01T00:00:00.000Z';
    const rootHash = root.toString('hex');
    const signature = sign(null, Buffer.from(JSON.stringify({ issuedAt, rootHash, treeSize })), privateKey).toString('base64');
    return { treeSize, rootHash, issuedAt, signature, publicKey: publicKeyPem };
  };
  const cases = [];
  for (let size = 1; size <= 7; size++) {
    const leaves = Array.from({ length: size }, (_, i) => sha256(Buffer.from([0]), Buffer.from(canonical(i))));
    const checkpoint = checkpointOf(size, treeHash(leaves));
    for (let m = 0; m < size; m++) {
      const proof = {
        leafIndex: m,
        treeSize: size,
        leafHash: leaves[m]!.toString('hex'),
        auditPath: auditPath(m, leaves).map((p) => p.toString('hex')),
      };
      cases.push({ event: event(m), proof, checkpoint, expect: [true, true, true, true] });
    }
  }
  const leaves = Array.from({ length: 5 }, (_, i) => sha256(Buffer.from([0]), Buffer.from(canonical(i))));
  const checkpoint = checkpointOf(5, treeHash(leaves));
  const proof = {
    leafIndex: 2,
    treeSize: 5,
    leafHash: leaves[2]!.toString('hex'),
    auditPath: auditPath(2, leaves).map((p) => p.toString('hex')),
  };
  const forged = { ...checkpointOf(5, sha256(Buffer.from('another tree'))), rootHash: checkpoint.rootHash };
  cases.push(
    { event: { ...event(2), data: { uscc: USCC_A, name: '篡改' } }, proof, checkpoint, expect: [false, true, false, false] },
    { event: event(2), proof, checkpoint: forged, expect: [false, false, true, true] },
    { event: event(2), proof: { ...proof, auditPath: proof.auditPath.slice(1) }, checkpoint, expect: [false, true, true, false] },
  );
  return cases;
}
