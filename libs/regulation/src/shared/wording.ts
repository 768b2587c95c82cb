/*
 * Words for people (issue 17, item 6). What the ledger writes by itself — the reason a process
 * manager gives for a revocation it carries out, for a listing, for a contract that lost its last
 * number — is stored as a code with its parameters, never as a sentence in one language: officers
 * read it in Chinese, foreign auditors in English, and machines read the code. An officer's own
 * words (the reason typed into a suspension) are kept as given, in whatever language they were
 * written. Both are a `Reason`; `renderReason` gives either in the reader's language.
 *
 * The English templates are, word for word, the sentences earlier releases stored: `legacyReason`
 * reads those sentences back into codes (the upcasters of every event type that stored one), and
 * rendering the code in English gives the stored sentence again. Codes added since were never
 * stored as sentences, so there is nothing to read back for them.
 */

export type Language = 'zh' | 'en';

/** The codes of the texts the ledger generates, each with its parameters. */
export interface WordingParams {
  readonly 'penalty-licence-revocation': { documentNo: string; decidedOn: string; caseId: string };
  readonly 'penalty-number-reclamation': { documentNo: string; decidedOn: string; caseId: string };
  readonly 'penalty-business-suspension': { documentNo: string; decidedOn: string; caseId: string; from: string; until: string };
  readonly 'commitment-verification-failed': Record<string, never>;
  readonly 'licence-revoked-number-reclaimed': { licenceNumber: string; effectiveOn: string; holder: string };
  readonly 'number-reclaimed': { numberId: string; effectiveOn: string };
  readonly 'number-stopped': { numberId: string; effectiveOn: string; cause: string };
  readonly 'number-resumed': { numberId: string; effectiveOn: string };
  readonly 'access-no-number-left': { reason: Reason };
  readonly 'listing-penalty': { documentNo: string; decidedOn: string };
  readonly 'listing-penalty-revocation': { documentNo: string; decidedOn: string };
  readonly 'listing-non-performance': { documentNo: string; recordedOn: string };
  readonly 'removal-penalty-annulled': { documentNo: string; decidedOn: string; reason: Reason };
  readonly 'removal-not-a-penalty': { documentNo: string; decidedOn: string };
  /** `year` as text, like every parameter a template reads. */
  readonly 'removal-annual-report-confirmed': { year: string; reportedOn: string; confirmedOn: string };
}

export type WordingCode = keyof WordingParams;

/** A generated text: its code and parameters, rendered in the reader's language. */
export type Wording = { [C in WordingCode]: { readonly code: C; readonly params: Readonly<WordingParams[C]> } }[WordingCode];

/** What a reason field holds: an officer's own words, or a text the ledger generated. */
export type Reason = string | Wording;

export function wording<C extends WordingCode>(code: C, params: WordingParams[C]): Wording {
  return { code, params } as Wording;
}

type Template<C extends WordingCode> = (params: { readonly [K in keyof WordingParams[C]]: string }) => string;
type Templates = { readonly [C in WordingCode]: { readonly zh: Template<C>; readonly en: Template<C> } };

const ART_42 = { zh: '（《电信业务经营许可管理办法》第四十二条）', en: ' (Telecom Business Licensing Measures art. 42)' };

/** How a stopped number's cause reads in Chinese; English keeps the code, as stored before. */
const STOP_CAUSE_ZH: Readonly<Record<string, string>> = {
  'licence-suspended': '许可证暂停',
  'licence-revoked': '许可证被吊销',
  'licence-withdrawn': '许可证被撤销',
  'licence-cancelled': '许可证注销',
  'coverage-narrowed': '许可业务覆盖范围缩小',
};

const TEMPLATES: Templates = {
  'penalty-licence-revocation': {
    zh: (p) => `依据${p.decidedOn}作出的行政处罚决定书${p.documentNo}（案件${p.caseId}）吊销许可证`,
    en: (p) => `Licence revocation (吊销) ordered by penalty decision ${p.documentNo} of ${p.decidedOn} (case ${p.caseId})`,
  },
  'penalty-number-reclamation': {
    zh: (p) => `依据${p.decidedOn}作出的行政处罚决定书${p.documentNo}（案件${p.caseId}）收回码号`,
    en: (p) => `Number reclamation (收回) ordered by penalty decision ${p.documentNo} of ${p.decidedOn} (case ${p.caseId})`,
  },
  'penalty-business-suspension': {
    zh: (p) => `依据${p.decidedOn}作出的行政处罚决定书${p.documentNo}（案件${p.caseId}）责令停业整顿，自${p.from}至${p.until}`,
    en: (p) =>
      `Suspension of business (责令停业整顿) from ${p.from} until ${p.until} ordered by penalty decision ${p.documentNo} of ${p.decidedOn} (case ${p.caseId})`,
  },
  'commitment-verification-failed': {
    zh: () => '告知承诺审批后的核查发现申请人未履行其承诺。',
    en: () => 'The verification after approval on commitment (告知承诺) found the commitments were not met.',
  },
  'licence-revoked-number-reclaimed': {
    zh: (p) => `许可证${p.licenceNumber}于${p.effectiveOn}被吊销，${p.holder}没有其他许可证允许使用该码号`,
    en: (p) => `Licence ${p.licenceNumber} revoked (吊销) on ${p.effectiveOn}; no other licence of ${p.holder} allows the number`,
  },
  'number-reclaimed': {
    zh: (p) => `码号${p.numberId}于${p.effectiveOn}被收回`,
    en: (p) => `Number ${p.numberId} reclaimed (收回) on ${p.effectiveOn}`,
  },
  'number-stopped': {
    zh: (p) => `码号${p.numberId}的备案于${p.effectiveOn}停止（${STOP_CAUSE_ZH[p.cause] ?? p.cause}）：其持有者没有许可证允许使用该码号`,
    en: (p) => `The filing of number ${p.numberId} stopped on ${p.effectiveOn} (${p.cause}): no licence of its holder allows it`,
  },
  'number-resumed': {
    zh: (p) => `码号${p.numberId}的备案自${p.effectiveOn}起恢复有效`,
    en: (p) => `The filing of number ${p.numberId} is back in force from ${p.effectiveOn}`,
  },
  'access-no-number-left': {
    zh: (p) => `合同已无码号：${p.reason}`,
    en: (p) => `No number left: ${p.reason}`,
  },
  'listing-penalty': {
    zh: (p) => `受到${p.decidedOn}作出的行政处罚决定书${p.documentNo}的行政处罚${ART_42.zh}`,
    en: (p) => `Penalised by decision ${p.documentNo} of ${p.decidedOn}${ART_42.en}`,
  },
  'listing-penalty-revocation': {
    zh: (p) => `${p.decidedOn}作出的行政处罚决定书${p.documentNo}吊销其电信业务经营许可证${ART_42.zh}`,
    en: (p) => `Licence revoked by penalty decision ${p.documentNo} of ${p.decidedOn}${ART_42.en}`,
  },
  'listing-non-performance': {
    zh: (p) => `逾期不履行行政处罚决定书${p.documentNo}（${p.recordedOn}记录）${ART_42.zh}`,
    en: (p) => `Penalty decision ${p.documentNo} not performed (逾期不履行), recorded on ${p.recordedOn}${ART_42.en}`,
  },
  'removal-penalty-annulled': {
    zh: (p) => `行政处罚决定书${p.documentNo}于${p.decidedOn}被撤销：${p.reason}`,
    en: (p) => `Penalty decision ${p.documentNo} annulled on ${p.decidedOn}: ${p.reason}`,
  },
  'removal-not-a-penalty': {
    zh: (p) =>
      `${p.decidedOn}作出的决定${p.documentNo}未给予行政处罚（《行政处罚法》第九条）：其中的责令改正或曝光是独立的行为，不作为列入名单的依据`,
    en: (p) =>
      `Decision ${p.documentNo} of ${p.decidedOn} imposed no administrative penalty (行政处罚法 art. 9): its rectification order ` +
      'or exposure is an act of its own, which grounds no listing',
  },
  'removal-annual-report-confirmed': {
    zh: (p) => `已于${p.reportedOn}报送${p.year}年度年报，经电信管理机构于${p.confirmedOn}确认（《电信业务经营许可管理办法》第三十八条）`,
    en: (p) =>
      `Annual report for ${p.year} filed on ${p.reportedOn}, confirmed by the administration on ${p.confirmedOn} (Telecom Business Licensing Measures art. 38)`,
  },
};

export function isWording(value: unknown): value is Wording {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    Object.hasOwn(TEMPLATES, (value as { code: string }).code) &&
    typeof (value as { params?: unknown }).params === 'object'
  );
}

/** The reason in the reader's language: an officer's words as given, a generated text rendered. */
export function renderReason(reason: Reason, language: Language): string {
  if (typeof reason === 'string') return reason;
  const params = Object.fromEntries(
    Object.entries(reason.params).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : renderReason(value as Reason, language),
    ]),
  );
  const template = TEMPLATES[reason.code][language] as (params: Record<string, string>) => string;
  return template(params);
}

/** The reason as an API answer gives it: rendered, with the code and parameters where generated. */
export interface RenderedReason {
  readonly text: string;
  readonly code: WordingCode | null;
  readonly params: Readonly<Record<string, unknown>> | null;
}

export function explainReason(reason: unknown, language: Language): RenderedReason | null {
  if (isWording(reason)) return { text: renderReason(reason, language), code: reason.code, params: reason.params };
  return typeof reason === 'string' ? { text: reason, code: null, params: null } : null;
}

const DAY = '(\\d{4}-\\d{2}-\\d{2})';
const ANY = '(.+?)';

/**
 * The sentences earlier releases generated, each read back as its code; the order matters only
 * where one sentence could contain another (a nested reason is read last, recursively).
 */
const LEGACY: readonly { readonly pattern: RegExp; readonly read: (match: RegExpExecArray) => Wording }[] = [
  {
    pattern: new RegExp(`^Licence revocation \\(吊销\\) ordered by penalty decision ${ANY} of ${DAY} \\(case ${ANY}\\)$`),
    read: ([, documentNo, decidedOn, caseId]) =>
      wording('penalty-licence-revocation', { documentNo: documentNo!, decidedOn: decidedOn!, caseId: caseId! }),
  },
  {
    pattern: new RegExp(`^Number reclamation \\(收回\\) ordered by penalty decision ${ANY} of ${DAY} \\(case ${ANY}\\)$`),
    read: ([, documentNo, decidedOn, caseId]) =>
      wording('penalty-number-reclamation', { documentNo: documentNo!, decidedOn: decidedOn!, caseId: caseId! }),
  },
  {
    pattern: new RegExp(
      `^Suspension of business \\(责令停业整顿\\) from ${DAY} until ${DAY} ordered by penalty decision ${ANY} of ${DAY} \\(case ${ANY}\\)$`,
    ),
    read: ([, from, until, documentNo, decidedOn, caseId]) =>
      wording('penalty-business-suspension', {
        from: from!,
        until: until!,
        documentNo: documentNo!,
        decidedOn: decidedOn!,
        caseId: caseId!,
      }),
  },
  {
    pattern: /^The verification after approval on commitment \(告知承诺\) found the commitments were not met\.$/,
    read: () => wording('commitment-verification-failed', {}),
  },
  {
    pattern: new RegExp(`^Licence ${ANY} revoked \\(吊销\\) on ${DAY}; no other licence of ${ANY} allows the number$`),
    read: ([, licenceNumber, effectiveOn, holder]) =>
      wording('licence-revoked-number-reclaimed', { licenceNumber: licenceNumber!, effectiveOn: effectiveOn!, holder: holder! }),
  },
  {
    pattern: new RegExp(`^Number ${ANY} reclaimed \\(收回\\) on ${DAY}$`),
    read: ([, numberId, effectiveOn]) => wording('number-reclaimed', { numberId: numberId!, effectiveOn: effectiveOn! }),
  },
  {
    pattern: new RegExp(`^The filing of number ${ANY} stopped on ${DAY} \\(([a-z-]+)\\): no licence of its holder allows it$`),
    read: ([, numberId, effectiveOn, cause]) =>
      wording('number-stopped', { numberId: numberId!, effectiveOn: effectiveOn!, cause: cause! }),
  },
  {
    pattern: new RegExp(`^The filing of number ${ANY} is back in force from ${DAY}$`),
    read: ([, numberId, effectiveOn]) => wording('number-resumed', { numberId: numberId!, effectiveOn: effectiveOn! }),
  },
  {
    pattern: new RegExp(`^Penalised by decision ${ANY} of ${DAY} \\(Telecom Business Licensing Measures art\\. 42\\)$`),
    read: ([, documentNo, decidedOn]) => wording('listing-penalty', { documentNo: documentNo!, decidedOn: decidedOn! }),
  },
  {
    pattern: new RegExp(`^Licence revoked by penalty decision ${ANY} of ${DAY} \\(Telecom Business Licensing Measures art\\. 42\\)$`),
    read: ([, documentNo, decidedOn]) => wording('listing-penalty-revocation', { documentNo: documentNo!, decidedOn: decidedOn! }),
  },
  {
    pattern: new RegExp(
      `^Penalty decision ${ANY} not performed \\(逾期不履行\\), recorded on ${DAY} \\(Telecom Business Licensing Measures art\\. 42\\)$`,
    ),
    read: ([, documentNo, recordedOn]) => wording('listing-non-performance', { documentNo: documentNo!, recordedOn: recordedOn! }),
  },
  {
    pattern: new RegExp(
      `^Decision ${ANY} of ${DAY} imposed no administrative penalty \\(行政处罚法 art\\. 9\\): its rectification order or exposure is an act of its own, which grounds no listing$`,
    ),
    read: ([, documentNo, decidedOn]) => wording('removal-not-a-penalty', { documentNo: documentNo!, decidedOn: decidedOn! }),
  },
  {
    pattern: new RegExp(`^Penalty decision ${ANY} annulled on ${DAY}: ([\\s\\S]*)$`),
    read: ([, documentNo, decidedOn, reason]) =>
      wording('removal-penalty-annulled', { documentNo: documentNo!, decidedOn: decidedOn!, reason: reason! }),
  },
  {
    pattern: /^No number left: ([\s\S]*)$/,
    read: ([, reason]) => wording('access-no-number-left', { reason: legacyReason(reason!) }),
  },
];

/**
 * A reason as an earlier release stored it (always a string): a sentence the ledger generated is
 * read as its code, anything else is an officer's words and stays as it is. For upcasters.
 */
export function legacyReason(stored: unknown): Reason {
  if (typeof stored !== 'string') return isWording(stored) ? stored : '';
  for (const { pattern, read } of LEGACY) {
    const match = pattern.exec(stored);
    if (match) return read(match);
  }
  return stored;
}

/** The upcaster of every event type whose reason became a `Reason`: the stored sentence read as its code. */
export function rereadReason(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...data, reason: legacyReason(data.reason) };
}
