import { parseArgs } from 'node:util';
import { mintToken } from '@ledger/auth';
import { PROCESS_MANAGERS } from '@ledger/core';
import { loadConfig } from '@ledger/platform';
import { seededRandom, uniformInt, type Random32 } from '@ledger/regulation/inspections';
import { authorityDisplayName, CARRIERS, isAuthority, MIIT, PROVINCES, usccCheckCharacter } from '@ledger/regulation/shared';
import { startRuntime, type LedgerRuntime } from '@ledger/runtime';
import { createApp } from '@ledger/http';

/*
 * Demo data through the real command path: HTTP requests to the ledger's own API, as officers and
 * carriers would send them, so every rule, projection and the penalty process manager take part.
 * Everything is drawn from one seeded generator, so a seed always makes the same requests with the
 * same ids and dates. Dates lie between 2016 and 2025; each licence's acts are in date order.
 */

export interface SeedOptions {
  readonly enterprises: number;
  readonly seed: string;
  /**
   * Where numbering starts (USCCs, licence serials and access numbers derive from it): past the
   * enterprises a ledger already holds, so demo data added to it does not collide with earlier.
   */
  readonly firstIndex?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  readonly enterprises: number;
  readonly requests: number;
  readonly licences: Readonly<Record<Profile, number>>;
  readonly numbers: number;
  readonly accessContracts: number;
  readonly accessRefused: number;
  readonly cases: number;
  readonly penalties: number;
  readonly creditEntries: number;
  /** The highest position the requests wrote; consequences drawn by the process manager come after. */
  readonly position: number;
}

/**
 * Sends a command as an officer of an authority (`as`: `MIIT`, the default, or a province code: an
 * authority acts only on what it issued), or as the access desk of a carrier (`as`: its code);
 * answers status and body.
 */
export type CommandSender = (path: string, body: object, as?: string) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * What happens to an enterprise's licence. Named by the status the licence shows today, except
 * `renewed` (valid after a renewal) and `unlicensed` (no licence: its access request is refused).
 */
export type Profile = 'valid' | 'expired' | 'suspended' | 'cancelled' | 'revoked' | 'renewed' | 'unlicensed';

const PROFILES: ReadonlyArray<readonly [Profile, number]> = [
  ['valid', 40],
  ['renewed', 10],
  ['expired', 14],
  ['suspended', 10],
  ['cancelled', 8],
  ['revoked', 9],
  ['unlicensed', 9],
];

const TRADE_NAMES = [
  '星辰',
  '华信',
  '汇通',
  '联讯',
  '恒远',
  '博达',
  '中科',
  '云海',
  '天成',
  '鼎泰',
  '安邦',
  '嘉禾',
  '瑞丰',
  '新航',
  '金桥',
  '万合',
  '鸿图',
  '启明',
  '卓越',
  '九州',
  '远景',
  '宏达',
  '凯旋',
  '明德',
  '同创',
  '海纳',
  '易联',
  '优客',
  '慧声',
  '长风',
];
const TRADES = ['信息技术', '呼叫中心服务', '网络科技', '通信服务', '客户服务', '数据服务', '商务咨询', '电子商务'];
const INSPECTORS = ['王建国', '李明', '张华', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周婷', '吴强'];
const PURPOSES = ['客户服务热线', '售后服务', '订单查询', '投诉受理', '预约回访', '会员服务'];
/** What a case is about, and a summary that says so: harassment calls above all, as the Notice is about them. */
const COMPLAINTS: ReadonlyArray<readonly [string, string]> = [
  ['harassment-calls', '用户投诉频繁接到营销电话'],
  ['harassment-calls', '监测发现高频外呼'],
  ['number-concealment', '群众举报冒用号码外呼'],
  ['marketing-outbound', '未按规定落实外呼管控'],
];
const OUTCOMES = ['已整改，结案', '处罚决定已执行，结案', '约谈后整改到位，结案'];
/** Listings by hand rest on an interview about harassment calls (the Notice), so their reasons say so. */
const CREDIT_REASONS: ReadonlyArray<readonly ['bad' | 'dishonest', string]> = [
  ['bad', '约谈后仍未按要求整改骚扰电话问题'],
  ['bad', '约谈后骚扰电话投诉仍然突出'],
  ['dishonest', '约谈后拒不整改骚扰电话问题'],
];

const FIRST_DAY = day('2016-01-01');
const LAST_DAY = day('2025-12-31');

/** Enterprises seeded at once: commands wait for read models, so lanes overlap the waiting. */
const LANES = 8;
/** Each enterprise has up to two numbers of four digits of their own (see number()): 9000 in all. */
export const MAX_ENTERPRISES = 4500;

export async function seedLedger(send: CommandSender, options: SeedOptions): Promise<SeedSummary> {
  const tally = new Tally();
  const first = options.firstIndex ?? 0;
  if (first + options.enterprises > MAX_ENTERPRISES) throw new RangeError(`seed: at most ${MAX_ENTERPRISES} enterprises in all`);
  let next = first;
  let done = 0;
  let failed = false;
  // Each enterprise draws from a generator of its own, so its requests do not depend on which lane
  // ran first; only the log's interleaving of enterprises does.
  const lane = async () => {
    for (let index = next++; index < first + options.enterprises && !failed; index = next++) {
      const seeder = new Seeder(send, seededRandom(`call-centre-ledger seed ${options.seed} / ${index}`), tally);
      // The first seven walk every profile in turn, so even a small ledger shows each status.
      const profile = index - first < PROFILES.length ? PROFILES[index - first]![0] : seeder.weighted(PROFILES);
      await seeder.enterprise(index, profile).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      options.onProgress?.(++done, options.enterprises);
    }
  };
  await Promise.all(Array.from({ length: LANES }, lane));
  await new Seeder(send, seededRandom(`call-centre-ledger seed ${options.seed} / draw`), tally).inspectionDraw(
    options.seed,
    options.enterprises,
  );
  return {
    enterprises: options.enterprises,
    requests: tally.requests,
    licences: { ...tally.licences },
    ...tally.counts,
    position: tally.position,
  };
}

/** What the lanes did, added up. */
class Tally {
  requests = 0;
  position = 0;
  readonly counts = { numbers: 0, accessContracts: 0, accessRefused: 0, cases: 0, penalties: 0, creditEntries: 0 };
  readonly licences: Record<Profile, number> = { valid: 0, renewed: 0, expired: 0, suspended: 0, cancelled: 0, revoked: 0, unlicensed: 0 };
  /** By issuing authority, the licensees a draw can count on: its pool is the drawing authority's licensees in force. */
  readonly licenseesInForce = new Map<string, number>();
}

class Seeder {
  private readonly provinces = Object.keys(PROVINCES);
  private readonly counts: Tally['counts'];

  constructor(
    private readonly send: CommandSender,
    private readonly random: Random32,
    private readonly tally: Tally,
  ) {
    this.counts = tally.counts;
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    let roll = uniformInt(
      this.random,
      items.reduce((sum, [, weight]) => sum + weight, 0),
    );
    for (const [item, weight] of items) {
      if (roll < weight) return item;
      roll -= weight;
    }
    return items[items.length - 1]![0];
  }

  private int(min: number, max: number): number {
    return min + uniformInt(this.random, max - min + 1);
  }

  private pick<T>(items: readonly T[]): T {
    return items[uniformInt(this.random, items.length)]!;
  }

  private chance(percent: number): boolean {
    return uniformInt(this.random, 100) < percent;
  }

  /** A random (version 4 layout) UUID from the seeded generator, so ids repeat with the seed. */
  private uuid(): string {
    const hex = Array.from({ length: 4 }, () => this.random().toString(16).padStart(8, '0')).join('');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  private async post(path: string, body: object, options: { as?: string; expect?: number } = {}): Promise<Record<string, unknown>> {
    const response = await this.send(path, body, options.as);
    this.tally.requests++;
    if (response.status !== (options.expect ?? 201)) {
      throw new Error(`seed: POST ${path} answered ${response.status} ${JSON.stringify(response.body)} to ${JSON.stringify(body)}`);
    }
    if (typeof response.body.position === 'number') this.tally.position = Math.max(this.tally.position, response.body.position);
    return response.body;
  }

  async enterprise(index: number, profile: Profile): Promise<void> {
    const province = this.pick(this.provinces);
    const { name: provinceName, abbreviation } = PROVINCES[province]!;
    const uscc = this.uscc(index, province);
    const shortName = provinceName.replace(/(省|市|维吾尔自治区|壮族自治区|回族自治区|自治区)$/u, '');
    const name = `${shortName}${this.pick(TRADE_NAMES)}${this.pick(TRADES)}有限公司`;
    const nationwide = this.chance(30);
    // The authority that licenses it: MIIT for a nationwide licence, else its province (docs/domain.md §1).
    const as = nationwide ? MIIT : province;
    const granted = profile === 'unlicensed' ? null : this.grantDay(profile);
    // Registered well before anything else happens to it.
    const registered = this.int(FIRST_DAY, granted === null ? day('2021-06-30') : granted - 120);
    await this.post('/v1/enterprises', {
      uscc,
      name,
      province,
      address: `${provinceName}某区某路${this.int(1, 999)}号`,
      effectiveAt: date(registered),
    });

    if (granted === null) {
      await this.refusedAccess(uscc, registered);
      await this.creditEntry(uscc, registered);
      this.tally.licences.unlicensed++;
      return;
    }

    const licenceNumber = `${nationwide ? '' : abbreviation}B2-${date(granted).slice(0, 4)}${String(index + 1).padStart(4, '0')}`;
    const licencePath = `/v1/licences/${encodeURIComponent(licenceNumber)}`;
    const validUntil = granted + 5 * 365;
    await this.licence(uscc, licenceNumber, nationwide ? ['nationwide'] : [province], granted, as);
    this.tally.licences[profile]++;

    // Numbers and their access contracts come first, while the licence is in force.
    const numberIds: string[] = [];
    for (let n = this.int(1, 2); n > 0; n--)
      numberIds.push(await this.number(index * 2 + n - 1, uscc, nationwide ? null : province, granted, as));
    await this.reports(uscc, registered, granted);

    switch (profile) {
      case 'valid':
      case 'expired':
        break;
      case 'renewed':
        await this.post(
          `${licencePath}/renewals`,
          { validUntil: date(validUntil + 5 * 365), effectiveAt: date(validUntil - this.int(30, 90)) },
          { as },
        );
        break;
      case 'suspended': {
        let on = this.int(granted + 400, Math.min(validUntil, LAST_DAY) - 150);
        if (this.chance(40)) {
          await this.post(`${licencePath}/suspensions`, { reason: '骚扰电话问题突出，责令暂停整改', effectiveOn: date(on) }, { as });
          on += this.int(30, 60);
          await this.post(`${licencePath}/reinstatements`, { reason: '整改完成，经核查恢复', effectiveOn: date(on) }, { as });
          on += this.int(20, 60);
        }
        await this.post(`${licencePath}/suspensions`, { reason: '未落实外呼管控，暂停业务整改', effectiveOn: date(on) }, { as });
        break;
      }
      case 'cancelled':
        await this.post(
          `${licencePath}/cancellations`,
          { reason: '企业申请注销', effectiveOn: date(this.int(granted + 300, Math.min(validUntil, LAST_DAY) - 30)) },
          { as },
        );
        break;
      case 'revoked':
        await this.enforcement(uscc, numberIds, this.int(granted + 300, Math.min(validUntil, LAST_DAY) - 200), { licenceNumber }, as);
        break;
    }
    const lastCaseDay = day('2025-06-30');
    const caseAboutIt = profile !== 'revoked' && profile !== 'cancelled' && granted + 200 <= lastCaseDay && this.chance(25);
    if (caseAboutIt) await this.enforcement(uscc, numberIds, this.int(granted + 200, lastCaseDay), null, as);
    // Surely in force at the draw, whatever a case's penalty might have suspended.
    if ((profile === 'valid' || profile === 'renewed') && !caseAboutIt)
      this.tally.licenseesInForce.set(as, (this.tally.licenseesInForce.get(as) ?? 0) + 1);
    await this.creditEntry(uscc, registered);
  }

  private grantDay(profile: Exclude<Profile, 'unlicensed'>): number {
    switch (profile) {
      case 'valid':
        return this.int(day('2022-01-10'), day('2025-06-30'));
      case 'renewed':
      case 'expired':
        return this.int(day('2016-06-01'), day('2020-10-31'));
      case 'suspended':
        return this.int(day('2021-01-01'), day('2023-06-30'));
      case 'cancelled':
        return this.int(day('2017-01-01'), day('2022-12-31'));
      case 'revoked':
        return this.int(day('2019-01-01'), day('2023-06-30'));
    }
  }

  /** USCC: 9 (registered by market regulation), 1 (enterprise), region, organisation code, check. */
  private uscc(index: number, province: string): string {
    const organisation = `${String(index).padStart(4, '0')}${String(this.int(0, 9999)).padStart(4, '0')}${this.int(0, 9)}`;
    const first17 = `91${province.slice(0, 2)}0100${organisation}`;
    return `${first17}${usccCheckCharacter(first17)}`;
  }

  private async licence(uscc: string, licenceNumber: string, coverage: string[], granted: number, as: string): Promise<void> {
    const applicationId = this.uuid();
    const submitted = granted - this.int(40, 70);
    await this.post(
      '/v1/licence-applications',
      {
        applicationId,
        uscc,
        scope: 'domestic',
        coverage,
        serviceModel: this.pick(['operated', 'seat-rental', 'system-rental']),
        approvalPath: 'standard',
        commitments: { noMarketingOutbound: true },
        effectiveAt: date(submitted),
      },
      { as },
    );
    await this.post(
      `/v1/licence-applications/${applicationId}/acceptance`,
      { decision: 'accepted', effectiveAt: date(submitted + this.int(3, 8)) },
      { as },
    );
    await this.post(
      `/v1/licence-applications/${applicationId}/site-inspections`,
      {
        inspectedOn: date(submitted + this.int(15, 30)),
        inspectors: [this.pick(INSPECTORS.slice(0, 5)), this.pick(INSPECTORS.slice(5))],
        result: 'passed',
        findings: ['场地、设备与人员符合要求'],
      },
      { as },
    );
    await this.post(
      `/v1/licence-applications/${applicationId}/decision`,
      { decision: 'granted', licenceNumber, effectiveAt: date(granted) },
      { as },
    );
  }

  /**
   * A 95 number (national: only a nationwide licence covers it) or a 96 number of the province.
   * The n-th number of the run gets its own four digits (37 and 9000 are coprime), so none collide.
   */
  private async number(n: number, uscc: string, province: string | null, granted: number, as: string): Promise<string> {
    const number = `${province ? '96' : '95'}${1000 + ((n * 37) % 9000)}`;
    const numberId = province ? `${province}-${number}` : number;
    const allocated = granted + this.int(10, 90);
    await this.post('/v1/numbers', { number, province: province ?? undefined, uscc, allocatedOn: date(allocated) }, { as });
    const carrier = this.pick(CARRIERS);
    const outbound = this.chance(30);
    const filed = allocated + this.int(5, 20);
    await this.post(
      `/v1/numbers/${numberId}/filings`,
      {
        carrier,
        purpose: this.pick(PURPOSES),
        inbound: true,
        outbound,
        outboundBasis: outbound ? this.pick(['callback', 'user-consent']) : undefined,
        effectiveAt: date(filed),
      },
      { as },
    );
    this.counts.numbers++;
    if (this.chance(75)) {
      await this.post(
        '/v1/access-contracts',
        {
          contractId: this.uuid(),
          carrier,
          uscc,
          numbers: [numberId],
          trunkLines: this.int(2, 60),
          verifiedOn: date(filed + this.int(5, 30)),
        },
        { as: carrier },
      );
      this.counts.accessContracts++;
    }
    return numberId;
  }

  /** An access request the carrier must refuse (no licence, a number not held): recorded, answered 422. */
  private async refusedAccess(uscc: string, registered: number): Promise<void> {
    const carrier = this.pick(CARRIERS);
    await this.post(
      '/v1/access-contracts',
      {
        contractId: this.uuid(),
        carrier,
        uscc,
        numbers: [`95${this.int(1000, 9999)}`],
        verifiedOn: date(this.int(registered + 30, LAST_DAY - 30)),
      },
      { as: carrier, expect: 422 },
    );
    this.counts.accessRefused++;
  }

  private async reports(uscc: string, registered: number, granted: number): Promise<void> {
    const firstYear = Number(date(Math.max(registered, granted)).slice(0, 4));
    for (let year = firstYear; year <= 2024; year++) {
      if (!this.chance(35)) continue;
      await this.post(`/v1/enterprises/${uscc}/annual-reports`, {
        year,
        reportedOn: `${year + 1}-0${this.int(3, 6)}-${this.int(10, 28)}`,
        operations: '业务正常开展',
        securityMeasures: '落实外呼管控与号码实名登记',
      });
    }
    if (this.chance(20)) {
      const reported = this.int(granted + 60, LAST_DAY - 60);
      await this.post(`/v1/enterprises/${uscc}/self-inspections`, {
        reportedOn: date(reported),
        findings: ['外呼审批记录不完整'],
        rectifications: ['上线外呼审批系统'],
        completedOn: date(reported - this.int(1, 10)),
      });
    }
  }

  /**
   * A case: opened, an interview, a penalty, closed. A penalty naming the licence revokes it, and
   * every penalty lists the enterprise: the process manager does both, as it would in production.
   * `as`: the authority that licensed the enterprise, which handles its cases (a revocation must
   * be of its own licence).
   */
  private async enforcement(
    uscc: string,
    numberIds: readonly string[],
    opened: number,
    revoke: { licenceNumber: string } | null,
    as: string,
  ): Promise<void> {
    const caseId = this.uuid();
    const origin = this.pick(['complaint', 'monitoring', 'inspection', 'referral']);
    const [violation, summary] = this.pick(COMPLAINTS);
    await this.post('/v1/cases', { caseId, uscc, origin, violation, summary, numbers: [...numberIds], effectiveAt: date(opened) }, { as });
    this.counts.cases++;
    const year = date(opened).slice(0, 4);
    const interviewed = opened + this.int(10, 40);
    if (this.chance(40)) {
      await this.post(
        `/v1/cases/${caseId}/circulars`,
        { issuedOn: date(opened + this.int(3, 9)), summary: '通报批评', documentNo: `工信通〔${year}〕${this.int(1, 99)}号` },
        { as },
      );
    }
    await this.post(
      `/v1/cases/${caseId}/interviews`,
      {
        heldOn: date(interviewed),
        attendees: ['企业负责人', this.pick(INSPECTORS)],
        minutes: '约谈企业负责人，指出问题，责令限期整改',
        commitments: ['停止违规外呼', '完善外呼管控'],
        documentNo: `工信约〔${year}〕${this.int(1, 99)}号`,
      },
      { as },
    );
    if (!revoke && this.chance(30)) {
      await this.post(`/v1/cases/${caseId}/closure`, { outcome: this.pick(OUTCOMES) }, { as });
      return;
    }
    const penaltyId = this.uuid();
    const decided = interviewed + this.int(20, 60);
    const measures: object[] = revoke
      ? [
          { type: 'fine', amountCny: this.int(10, 100) * 10_000 },
          { type: 'licence-revocation', licenceNumber: revoke.licenceNumber },
        ]
      : [this.chance(50) ? { type: 'warning' } : { type: 'fine', amountCny: this.int(1, 30) * 10_000 }];
    if (!revoke) {
      // 责令改正 is an act of its own, not a measure of the penalty (行政处罚法 art. 9).
      await this.post(
        `/v1/cases/${caseId}/rectification-orders`,
        {
          orderId: this.uuid(),
          orderedOn: date(decided),
          deadline: date(decided + 30),
          requirements: ['停止违规外呼', '完善外呼管控'],
        },
        { as },
      );
    }
    await this.post(
      `/v1/cases/${caseId}/penalties`,
      {
        penaltyId,
        decidedOn: date(decided),
        documentNo: `工信罚〔${year}〕${this.int(1, 199)}号`,
        legalBasis: ['中华人民共和国电信条例', '电信业务经营许可管理办法'],
        measures,
        authority: authorityDisplayName(as),
      },
      { as },
    );
    this.counts.penalties++;
    if (!revoke && this.chance(15)) {
      await this.post(
        `/v1/cases/${caseId}/penalties/${penaltyId}/annulment`,
        { reason: '行政复议撤销', decidedOn: date(Math.min(decided + this.int(30, 90), LAST_DAY)) },
        { as },
      );
    }
    await this.post(`/v1/cases/${caseId}/closure`, { outcome: this.pick(OUTCOMES) }, { as });
  }

  /**
   * A listing an officer makes by hand (not from a penalty), now and then removed later. Every
   * listing rests on a recorded act: here an interview about harassment calls, in a case of its
   * own, closed once the enterprise is listed.
   */
  private async creditEntry(uscc: string, registered: number): Promise<void> {
    if (!this.chance(12)) return;
    const [list, reason] = this.pick(CREDIT_REASONS);
    const entryId = this.uuid();
    const listed = this.int(Math.max(registered + 200, day('2019-01-01')), day('2025-06-30'));
    const caseId = this.uuid();
    await this.post('/v1/cases', {
      caseId,
      uscc,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: this.pick(COMPLAINTS.filter(([violation]) => violation === 'harassment-calls'))[1],
      effectiveAt: date(listed - 30),
    });
    this.counts.cases++;
    const documentNo = `工信约〔${date(listed).slice(0, 4)}〕${this.int(100, 199)}号`;
    const interview = await this.post(`/v1/cases/${caseId}/interviews`, {
      heldOn: date(listed - 10),
      attendees: ['企业负责人', this.pick(INSPECTORS)],
      minutes: '约谈企业负责人，指出骚扰电话问题，责令整改',
      documentNo,
    });
    const [{ eventId }] = interview.events as [{ eventId: string }];
    await this.post('/v1/credit-list/entries', {
      entryId,
      uscc,
      list,
      reason,
      listedOn: date(listed),
      basis: { eventId, documentNo },
      authority: '工业和信息化部信息通信管理局',
    });
    this.counts.creditEntries++;
    await this.post(`/v1/cases/${caseId}/closure`, { outcome: this.pick(OUTCOMES) });
    if (this.chance(35)) {
      await this.post(`/v1/credit-list/entries/${entryId}/removal`, {
        reason: '已按要求整改并经核查',
        removedOn: date(Math.min(listed + this.int(90, 400), LAST_DAY)),
      });
    }
  }

  /** As the authority with the most licensees in force (MIIT on a tie, then by code), at the end of the seeded years; none when no authority has one. */
  async inspectionDraw(seed: string, enterprises: number): Promise<void> {
    const [drawing] = [...this.tally.licenseesInForce].sort(
      ([a, m], [b, n]) => n - m || Number(b === MIIT) - Number(a === MIIT) || (a < b ? -1 : 1),
    );
    if (!drawing) return;
    const [as, licensees] = drawing;
    await this.post(
      '/v1/inspection-draws',
      {
        drawId: this.uuid(),
        seed: `${seed}-2025-Q4`,
        sampleSize: Math.min(licensees, Math.max(1, Math.min(20, Math.floor(enterprises / 10)))),
        inspectors: INSPECTORS,
        inspectorsPerEnterprise: 2,
        effectiveAt: date(LAST_DAY),
      },
      { as },
    );
  }
}

function day(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
}

function date(dayNumber: number): string {
  return new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
}

/** A sender that posts to the ledger's HTTP API with tokens minted from its secret. */
export function httpSender(baseUrl: string, secret: string): CommandSender {
  const tokens = new Map(
    CARRIERS.map((c) => [c as string, mintToken({ sub: `seed-${c.toLowerCase()}-access-desk`, roles: ['carrier'], org: c }, secret)]),
  );
  const tokenFor = (as: string): string => {
    let token = tokens.get(as);
    if (token === undefined) {
      if (!isAuthority(as)) throw new Error(`seed: ${as} is neither a carrier nor an authority`);
      token = mintToken({ sub: as === MIIT ? 'seed-officer' : `seed-officer-${as}`, roles: ['officer'], org: as }, secret);
      tokens.set(as, token);
    }
    return token;
  };
  return async (path, body, as) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokenFor(as ?? MIIT)}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/**
 * Waits until the process managers have drawn the consequences of everything seeded and the
 * read models show them, so that whoever looks next sees the whole demo.
 */
export async function settle(runtime: LedgerRuntime, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // A process manager's follow-ups can be another's cause (a revocation reclaims numbers, which
  // leave their contracts): settled is when a round ends with no new event.
  for (;;) {
    const before = await runtime.store.committedHead();
    for (const { name, eventTypes } of PROCESS_MANAGERS) {
      const followed = await runtime.store.readAll({ types: runtime.store.schemas.storedTypes(eventTypes), limit: 1_000_000 });
      const last = followed[followed.length - 1]?.position ?? 0;
      const caughtUp = async () => {
        const rows = (await runtime.dataSource.query(`select position from ledger.consumer_checkpoints where name = $1`, [name])) as Array<{
          position: string;
        }>;
        return Number(rows[0]?.position ?? 0) >= last;
      };
      while (!(await caughtUp())) {
        if (Date.now() > deadline) throw new Error(`seed: the process manager ${name} did not catch up in time`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    if ((await runtime.store.committedHead()) === before) break;
  }
  const head = await runtime.store.committedHead();
  if (!(await runtime.projections.waitFor(runtime.projections.names(), head, Math.max(1, deadline - Date.now())))) {
    throw new Error('seed: the read models did not catch up in time');
  }
}

export async function runSeed(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { enterprises: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
    strict: true,
  });
  const enterprises = values.enterprises === undefined ? 200 : Number(values.enterprises);
  if (!Number.isSafeInteger(enterprises) || enterprises < 1 || enterprises > MAX_ENTERPRISES) {
    console.error(`--enterprises must be a whole number from 1 to ${MAX_ENTERPRISES}`);
    return 2;
  }
  // The API serves only the seeder here, on loopback, for the run: its rate limit is not for it.
  const config = loadConfig({ ...process.env, LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
  const runtime = await startRuntime(config);
  const app = await createApp(runtime, { logger: false });
  try {
    await app.init();
    if ((await runtime.store.headPosition()) > 0 && !values.force) {
      console.error('This ledger already holds events: seed only fills an empty one. Use --force to add demo data anyway.');
      return 2;
    }
    const firstIndex = (await runtime.store.readAll({ types: ['EnterpriseRegistered'], limit: 1_000_000 })).length;
    await app.listen(0, '127.0.0.1');
    const started = Date.now();
    const seed = values.seed ?? 'demo';
    const summary = await seedLedger(httpSender(await app.getUrl(), config.jwtSecret), {
      enterprises,
      seed,
      firstIndex,
      onProgress: (done, total) => {
        if (done % 25 === 0 || done === total) console.error(`  ${done}/${total} enterprises`);
      },
    });
    await settle(runtime);
    const l = summary.licences;
    console.log(
      [
        `Seeded ${summary.enterprises} enterprises (seed "${seed}") with ${summary.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s, up to position ${summary.position}.`,
        `Licences: ${l.valid + l.renewed} valid (${l.renewed} after a renewal), ${l.expired} expired, ${l.suspended} suspended, ${l.cancelled} cancelled, ${l.revoked} revoked by penalty; ${l.unlicensed} enterprise${l.unlicensed === 1 ? '' : 's'} without one.`,
        `Numbers filed: ${summary.numbers}; access contracts: ${summary.accessContracts} signed, ${summary.accessRefused} refused.`,
        `Cases: ${summary.cases}, penalties: ${summary.penalties}, hand-made credit-list entries: ${summary.creditEntries}; one inspection draw.`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await app.close();
    await runtime.close();
  }
}
