import { randomUUID } from 'node:crypto';
import { EventSchemaRegistry, PostgresEventStore } from '@ledger/event-store';
import { DRAW_ALGORITHM, canonical, drawInspection, poolHash } from '@ledger/regulation/inspections';
import { usccCheckCharacter } from '@ledger/regulation/shared';
import { grantLicence } from '../support/licences';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

/** Issue 18 item 4: a draw's pool is the drawing authority's licensees, and each inspection's outcome is recorded against it. */
const uscc = (n: number) => {
  const first17 = `91110108MA02${String(n).padStart(5, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};
const MIIT_ZJ = USCC_A; // Zhejiang, MIIT licence in force
const BEIJING = USCC_B; // Guangdong-registered, holds only a Beijing licence
const MIIT_BJ = uscc(1); // Beijing, MIIT licence in force
const SUSPENDED = uscc(2); // Beijing, MIIT licence suspended
const UNLICENSED = uscc(3);

describe('inspection draws: the pool and the outcomes (双随机)', () => {
  let ledger: TestLedger;
  let miit: string;
  let beijing: string;
  let last = 0;
  let drawId = '';
  const caseAboutOther = randomUUID();
  const caseOpened = randomUUID();

  beforeAll(async () => {
    ledger = await startTestLedger('inspection_outcomes');
    miit = `Bearer ${ledger.token('officer')}`;
    beijing = `Bearer ${ledger.token('officer', { org: '110000', sub: 'officer-beijing' })}`;
  });
  afterAll(() => ledger?.close());

  const send = (path: string, body: object, auth = miit) => ledger.http().post(path).set('Authorization', auth).send(body);
  async function post(path: string, body: object, auth = miit) {
    const response = await send(path, body, auth);
    if (response.status !== 201) throw new Error(`${path} → ${response.status} ${JSON.stringify(response.body)}`);
    last = Math.max(last, response.body.position);
    return response.body;
  }
  async function refused(path: string, body: object, status: number, code: string, auth = miit) {
    const response = await send(path, body, auth);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    return response.body as { detail: string; violations?: Array<{ code?: string; field?: string }> };
  }
  const get = (path: string) =>
    ledger
      .http()
      .get(`${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
      .set('Authorization', miit);
  const outcomes = () => `/v1/inspection-draws/${drawId}/outcomes`;

  it('draws only from the licensees in force of the drawing authority', async () => {
    for (const [code, name, province] of [
      [MIIT_ZJ, '杭州某某', '330000'],
      [BEIJING, '深圳某某', '440000'],
      [MIIT_BJ, '北京甲', '110000'],
      [SUSPENDED, '北京乙', '110000'],
      [UNLICENSED, '北京丙', '110000'],
    ]) {
      await post('/v1/enterprises', { uscc: code, name, province, effectiveAt: '2020-01-02' });
    }
    await grantLicence((path, body) => send(path, body), MIIT_ZJ, 'B2-20200001', ['nationwide']);
    await grantLicence((path, body) => send(path, body), MIIT_BJ, 'B2-20200002', ['nationwide']);
    await grantLicence((path, body) => send(path, body), SUSPENDED, 'B2-20200003', ['nationwide']);
    await grantLicence((path, body) => send(path, body, beijing), BEIJING, '京B2-20200004', ['110000']);
    await post('/v1/licences/B2-20200003/suspensions', { reason: '整改', effectiveOn: '2024-06-01' });

    // Three would need the suspended licensee, the Beijing licensee or the unlicensed enterprise.
    const tooMany = await refused(
      '/v1/inspection-draws',
      { seed: '2025-Q1', sampleSize: 3, inspectors: ['张', '王'], inspectorsPerEnterprise: 1, effectiveAt: '2025-03-01' },
      422,
      'INVALID_TRANSITION',
    );
    expect(tooMany.detail).toMatch(/pool of 2/);

    const drawn = await post('/v1/inspection-draws', {
      seed: '2025-Q1',
      sampleSize: 2,
      inspectors: ['张', '王', '赵'],
      inspectorsPerEnterprise: 2,
      effectiveAt: '2025-03-01',
    });
    drawId = drawn.streamId.replace('inspection-draw-', '');
    const draw = (await get(`/v1/inspection-draws/${drawId}`)).body;
    expect(draw).toMatchObject({
      authority: 'MIIT',
      drawnOn: '2025-03-01',
      pool: [MIIT_ZJ, MIIT_BJ].sort(),
      poolSize: 2,
      poolBasis: { rule: 'licensees-of-authority', province: null },
    });
    expect(draw.reproduced).toMatchObject({ valid: true });
    expect(draw.inspections).toEqual(
      draw.result.map((a: { uscc: string; inspectors: string[] }) => ({
        uscc: a.uscc,
        inspectors: a.inspectors,
        outcome: 'pending',
        findings: null,
        caseId: null,
        inspectedOn: null,
      })),
    );
    expect(draw.outcomesPending).toBe(2);

    const ofBeijing = await post(
      '/v1/inspection-draws',
      { seed: '2025-Q1-京', sampleSize: 1, inspectors: ['李'], inspectorsPerEnterprise: 1 },
      beijing,
    );
    expect((await get(`/v1/inspection-draws/${ofBeijing.streamId.replace('inspection-draw-', '')}`)).body).toMatchObject({
      authority: '110000',
      pool: [BEIJING],
    });

    // The province narrows the licensees by where they are registered.
    const narrowed = await post('/v1/inspection-draws', {
      seed: '2025-Q1-京',
      sampleSize: 1,
      inspectors: ['李'],
      inspectorsPerEnterprise: 1,
      poolFilter: { province: '110000' },
    });
    expect((await get(`/v1/inspection-draws/${narrowed.streamId.replace('inspection-draw-', '')}`)).body).toMatchObject({
      pool: [MIIT_BJ],
      poolBasis: { province: '110000' },
    });
  });

  it('refuses a pool of unlicensed enterprises and malformed filters as input errors', async () => {
    const base = { seed: 'x', sampleSize: 1, inspectors: ['李'], inspectorsPerEnterprise: 1 };
    const unlicensed = await refused('/v1/inspection-draws', { ...base, poolFilter: { licensedOnly: false } }, 400, 'VALIDATION_FAILED');
    expect(unlicensed.violations).toEqual([expect.objectContaining({ field: 'poolFilter.licensedOnly' })]);
    const noProvince = await refused('/v1/inspection-draws', { ...base, poolFilter: { province: '999999' } }, 400, 'VALIDATION_FAILED');
    expect(noProvince.violations).toEqual([expect.objectContaining({ field: 'poolFilter.province' })]);
    await post('/v1/inspection-draws', { ...base, poolFilter: { licensedOnly: true } });
  });

  it('records a compliant inspection and a case the inspection opened', async () => {
    await post(outcomes(), { uscc: MIIT_ZJ, outcome: 'compliant', inspectedOn: '2025-03-10' });
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The case names the draw that led to it (docs/http-contract.md), which must have drawn the enterprise.
    const notDrawn = await refused(
      '/v1/cases',
      { uscc: UNLICENSED, origin: 'inspection', summary: '抽查', drawId, effectiveAt: '2025-03-12' },
      422,
      'NOT_DRAWN',
    );
    expect(notDrawn.detail).toBeDefined();
    await refused(
      '/v1/cases',
      { uscc: MIIT_BJ, origin: 'inspection', summary: '抽查', drawId: randomUUID(), effectiveAt: '2025-03-12' },
      422,
      'NOT_DRAWN',
    );
    await post('/v1/cases', {
      caseId: caseOpened,
      uscc: MIIT_BJ,
      origin: 'inspection',
      summary: '抽查发现通话记录保存不足',
      drawId,
      effectiveAt: '2025-03-12',
    });
    expect((await get(`/v1/cases/${caseOpened}`)).body).toMatchObject({ drawId });
    const recorded = await post(outcomes(), { uscc: MIIT_BJ, outcome: 'case-opened', caseId: caseOpened, inspectedOn: '2025-03-11' });
    expect(recorded.events).toEqual([expect.objectContaining({ type: 'InspectionOutcomeRecorded' })]);

    const draw = (await get(`/v1/inspection-draws/${drawId}`)).body;
    const byUscc = Object.fromEntries(draw.inspections.map((i: { uscc: string }) => [i.uscc, i]));
    expect(byUscc[MIIT_ZJ]).toMatchObject({ outcome: 'compliant', findings: null, caseId: null, inspectedOn: '2025-03-10' });
    expect(byUscc[MIIT_BJ]).toMatchObject({ outcome: 'case-opened', caseId: caseOpened, inspectedOn: '2025-03-11' });
    expect(draw.outcomesPending).toBe(0);

    // Time travel: as recorded before the second outcome, and in effect before either inspection.
    const asOf = (await get(`/v1/inspection-draws/${drawId}?asOf=${before}`)).body;
    expect(Object.fromEntries(asOf.inspections.map((i: { uscc: string; outcome: string }) => [i.uscc, i.outcome]))).toEqual({
      [MIIT_ZJ]: 'compliant',
      [MIIT_BJ]: 'pending',
    });
    expect(asOf).toMatchObject({ asOf: before, outcomesPending: 1 });
    expect((await get(`/v1/inspection-draws/${drawId}?validAt=2025-03-05`)).body.outcomesPending).toBe(2);
    expect((await get(`/v1/inspection-draws/${drawId}?validAt=2025-02-28`)).status).toBe(404);

    // The list of draws, newest first, with how far each has got: now, and as it stood.
    const listed = async (query: string) =>
      Object.fromEntries(
        (await get(`/v1/inspection-draws?${query}`)).body.items.map(
          (d: { drawId: string; outcomesRecorded: number; outcomesPending: number }) => [d.drawId, [d.outcomesRecorded, d.outcomesPending]],
        ),
      );
    expect((await listed('authority=MIIT'))[drawId]).toEqual([2, 0]);
    expect((await listed(`authority=MIIT&asOf=${before}`))[drawId]).toEqual([1, 1]);
    expect((await listed('authority=MIIT&validAt=2025-02-28'))[drawId]).toBeUndefined();
    expect(Object.keys(await listed('authority=110000'))).not.toContain(drawId);
    expect((await get('/v1/inspection-draws?authority=ZZ')).status).toBe(400);

    const history = (await get(`/v1/enterprises/${MIIT_BJ}/history?types=InspectionOutcomeRecorded`)).body;
    expect(history.items).toEqual([expect.objectContaining({ type: 'InspectionOutcomeRecorded' })]);
  });

  it('refuses a case that is unknown, about another enterprise, or older than the draw', async () => {
    const fresh = await post('/v1/inspection-draws', {
      seed: '2025-Q2',
      sampleSize: 2,
      inspectors: ['张'],
      inspectorsPerEnterprise: 1,
      effectiveAt: '2025-04-01',
    });
    const path = `/v1/inspection-draws/${fresh.streamId.replace('inspection-draw-', '')}/outcomes`;
    await post('/v1/cases', { caseId: caseAboutOther, uscc: MIIT_ZJ, origin: 'inspection', summary: '另案', effectiveAt: '2025-04-05' });
    const body = { uscc: MIIT_BJ, outcome: 'case-opened', inspectedOn: '2025-04-10' };
    expect((await refused(path, { ...body, caseId: randomUUID() }, 422, 'UNRELATED_CASE')).detail).toMatch(/No case .* is recorded/);
    expect((await refused(path, { ...body, caseId: caseAboutOther }, 422, 'UNRELATED_CASE')).detail).toMatch(
      new RegExp(`about enterprise ${MIIT_ZJ}, not about ${MIIT_BJ}`),
    );
    expect((await refused(path, { ...body, caseId: caseOpened }, 422, 'UNRELATED_CASE')).detail).toMatch(
      /opened on 2025-03-12, before draw/,
    );
  });

  it('refuses a second outcome, an enterprise not drawn, a date before the draw, and another authority', async () => {
    await refused(
      outcomes(),
      { uscc: MIIT_ZJ, outcome: 'findings', findings: '外呼管控不足', inspectedOn: '2025-03-15' },
      409,
      'ALREADY_EXISTS',
    );
    await refused(outcomes(), { uscc: UNLICENSED, outcome: 'compliant', inspectedOn: '2025-03-15' }, 422, 'NOT_DRAWN');
    const fresh = await post('/v1/inspection-draws', {
      seed: '2025-Q3',
      sampleSize: 1,
      inspectors: ['张'],
      inspectorsPerEnterprise: 1,
      effectiveAt: '2025-07-01',
    });
    const freshId = fresh.streamId.replace('inspection-draw-', '');
    const [drawnOne] = (await get(`/v1/inspection-draws/${freshId}`)).body.result;
    const path = `/v1/inspection-draws/${freshId}/outcomes`;
    const early = await refused(path, { uscc: drawnOne.uscc, outcome: 'compliant', inspectedOn: '2025-06-30' }, 422, 'INVALID_DATE');
    expect(early.detail).toMatch(/made on 2025-07-01/);
    await refused(path, { uscc: drawnOne.uscc, outcome: 'compliant', inspectedOn: '2025-07-02' }, 403, 'FORBIDDEN', beijing);
    await refused(
      `/v1/inspection-draws/${randomUUID()}/outcomes`,
      { uscc: MIIT_ZJ, outcome: 'compliant', inspectedOn: '2025-07-02' },
      404,
      'NOT_FOUND',
    );
    await post(path, { uscc: drawnOne.uscc, outcome: 'findings', findings: '通话记录仅保存 15 日', inspectedOn: '2025-07-02' });
  });

  it('answers bad input with 400 naming the field, never 500', async () => {
    const body = { uscc: MIIT_ZJ, outcome: 'compliant', inspectedOn: '2025-03-10' };
    const field = async (sent: object) => (await refused(outcomes(), sent, 400, 'VALIDATION_FAILED')).violations?.map((v) => v.field);
    expect(await field({ ...body, outcome: 'fine' })).toContain('outcome');
    expect(await field({ ...body, uscc: '91330100716105852X' })).toContain('uscc');
    expect(await field({ ...body, outcome: 'findings' })).toContain('findings');
    expect(await field({ ...body, outcome: 'case-opened' })).toContain('caseId');
    expect(await field({ ...body, outcome: 'case-opened', caseId: 'case-1' })).toContain('caseId');
    expect(await field({ ...body, findings: '多余' })).toContain('findings');
    expect(await field({ ...body, inspectedOn: '2025-02-30' })).toContain('inspectedOn');
    expect(await field({ ...body, inspectedOn: '2999-01-01' })).toContain('inspectedOn');
    expect(await field({ ...body, inspectedOn: '10 March' })).toContain('inspectedOn');
    expect(await field({ ...body, inspector: '张' })).toContain('inspector');
    await refused('/v1/inspection-draws/not%20an%20id/outcomes', body, 400, 'VALIDATION_FAILED');
  });

  it('reads a draw an earlier release recorded (version 1, a register filter) with no authority, and still reproduces it; new draws are version 2', async () => {
    const pool = canonical([MIIT_ZJ, BEIJING, UNLICENSED]);
    const inspectors = canonical(['张', '王']);
    const oldId = randomUUID();
    const v1 = {
      drawId: oldId,
      drawnOn: '2024-01-05',
      seed: '2024-Q1',
      algorithm: DRAW_ALGORITHM,
      pool,
      poolSize: pool.length,
      poolHash: poolHash(pool),
      poolFilter: { licensedOnly: false },
      inspectors,
      sampleSize: 2,
      inspectorsPerEnterprise: 1,
      result: drawInspection({ seed: '2024-Q1', pool, inspectors, sampleSize: 2, inspectorsPerEnterprise: 1 }),
    };
    // As that release wrote it: no schema version of its own, so version 1.
    const earlier = await PostgresEventStore.create(ledger.db.database.pool, { listenUrl: null, schemas: new EventSchemaRegistry({}) });
    const written = await earlier.append(`inspection-draw-${oldId}`, 'no-stream', [
      { type: 'InspectionDrawConducted', data: v1, metadata: { actor: 'officer-1', roles: ['officer'], correlationId: randomUUID() } },
    ]);
    await earlier.close();
    last = Math.max(last, written.position);

    const read = (await get(`/v1/inspection-draws/${oldId}`)).body;
    expect(read).toMatchObject({
      authority: null,
      poolBasis: { rule: 'registered-enterprises', province: null, licensedOnly: false },
      reproduced: { poolHashMatches: true, resultMatches: true },
    });
    const { rows } = await ledger.db.database.pool.query(
      `select stream_id, schema_version from ledger.events where type = 'InspectionDrawConducted' order by position`,
    );
    expect(rows.find((row: { stream_id: string }) => row.stream_id === `inspection-draw-${oldId}`).schema_version).toBe(1);
    expect(rows.find((row: { stream_id: string }) => row.stream_id === `inspection-draw-${drawId}`).schema_version).toBe(2);
  });
});
