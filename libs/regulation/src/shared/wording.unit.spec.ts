import { explainReason, legacyReason, renderReason, rereadReason, wording, type Wording } from './wording';

const DOC = '工信部罚〔2021〕7号';
const CASE = '3f1c2a9e-0000-4000-8000-000000000001';

/** Every generated text, with the sentence an earlier release stored for it (copied from that release's code). */
const STORED: readonly (readonly [Wording, string])[] = [
  [
    wording('penalty-licence-revocation', { documentNo: DOC, decidedOn: '2021-03-01', caseId: CASE }),
    `Licence revocation (吊销) ordered by penalty decision ${DOC} of 2021-03-01 (case ${CASE})`,
  ],
  [
    wording('penalty-number-reclamation', { documentNo: DOC, decidedOn: '2021-03-01', caseId: CASE }),
    `Number reclamation (收回) ordered by penalty decision ${DOC} of 2021-03-01 (case ${CASE})`,
  ],
  [
    wording('penalty-business-suspension', {
      from: '2021-03-10',
      until: '2021-06-09',
      documentNo: DOC,
      decidedOn: '2021-03-01',
      caseId: CASE,
    }),
    `Suspension of business (责令停业整顿) from 2021-03-10 until 2021-06-09 ordered by penalty decision ${DOC} of 2021-03-01 (case ${CASE})`,
  ],
  [
    wording('commitment-verification-failed', {}),
    'The verification after approval on commitment (告知承诺) found the commitments were not met.',
  ],
  [
    wording('licence-revoked-number-reclaimed', { licenceNumber: 'B2-20201234', effectiveOn: '2021-03-01', holder: '91110000MA01ABCD1X' }),
    'Licence B2-20201234 revoked (吊销) on 2021-03-01; no other licence of 91110000MA01ABCD1X allows the number',
  ],
  [wording('number-reclaimed', { numberId: '95123', effectiveOn: '2021-03-01' }), 'Number 95123 reclaimed (收回) on 2021-03-01'],
  [
    wording('number-stopped', { numberId: '110000-96123', effectiveOn: '2021-03-01', cause: 'licence-suspended' }),
    'The filing of number 110000-96123 stopped on 2021-03-01 (licence-suspended): no licence of its holder allows it',
  ],
  [
    wording('number-resumed', { numberId: '95123', effectiveOn: '2021-06-10' }),
    'The filing of number 95123 is back in force from 2021-06-10',
  ],
  [
    wording('access-no-number-left', { reason: wording('number-reclaimed', { numberId: '95123', effectiveOn: '2021-03-01' }) }),
    'No number left: Number 95123 reclaimed (收回) on 2021-03-01',
  ],
  [wording('access-no-number-left', { reason: '用户投诉集中' }), 'No number left: 用户投诉集中'],
  [
    wording('listing-penalty', { documentNo: DOC, decidedOn: '2021-03-01' }),
    `Penalised by decision ${DOC} of 2021-03-01 (Telecom Business Licensing Measures art. 42)`,
  ],
  [
    wording('listing-penalty-revocation', { documentNo: DOC, decidedOn: '2021-03-01' }),
    `Licence revoked by penalty decision ${DOC} of 2021-03-01 (Telecom Business Licensing Measures art. 42)`,
  ],
  [
    wording('listing-non-performance', { documentNo: DOC, recordedOn: '2021-04-02' }),
    `Penalty decision ${DOC} not performed (逾期不履行), recorded on 2021-04-02 (Telecom Business Licensing Measures art. 42)`,
  ],
  [
    wording('removal-penalty-annulled', { documentNo: DOC, decidedOn: '2021-05-01', reason: '行政复议决定撤销: 事实不清' }),
    `Penalty decision ${DOC} annulled on 2021-05-01: 行政复议决定撤销: 事实不清`,
  ],
  [
    wording('removal-not-a-penalty', { documentNo: DOC, decidedOn: '2021-03-01' }),
    `Decision ${DOC} of 2021-03-01 imposed no administrative penalty (行政处罚法 art. 9): its rectification order or exposure is an act of its own, which grounds no listing`,
  ],
];

/** Codes added since reasons became codes: no release stored them as a sentence. */
const GENERATED_SINCE: readonly Wording[] = [
  wording('removal-annual-report-confirmed', { year: '2023', reportedOn: '2024-06-01', confirmedOn: '2024-06-20' }),
];

describe('words for people: generated texts as codes', () => {
  it.each(STORED)(
    'reads the sentence an earlier release stored as its code, and renders it in English word for word (%j)',
    (code, sentence) => {
      expect(legacyReason(sentence)).toEqual(code);
      expect(renderReason(code, 'en')).toBe(sentence);
    },
  );

  it.each(GENERATED_SINCE)('renders a newer code in English with its parameters, and reads no earlier sentence as it (%j)', (code) => {
    const en = renderReason(code, 'en');
    for (const value of Object.values(code.params)) expect(en).toContain(value);
    expect(legacyReason(en)).toBe(en);
  });

  it.each([...STORED.map(([code]) => code), ...GENERATED_SINCE])(
    'renders every code in Chinese, with its parameters and no English left (%j)',
    (code) => {
      const zh = renderReason(code, 'zh');
      for (const [name, value] of Object.entries(code.params))
        if (typeof value === 'string' && name !== 'cause') expect(zh).toContain(value);
      expect(zh).not.toMatch(/ordered by|Penalised|reclaimed|annulled|No number left|Measures/);
    },
  );

  it('renders a nested reason in the same language', () => {
    const code = wording('access-no-number-left', {
      reason: wording('number-stopped', { numberId: '95123', effectiveOn: '2021-03-01', cause: 'licence-revoked' }),
    });
    expect(renderReason(code, 'zh')).toBe(
      '合同已无码号：码号95123的备案于2021-03-01停止（许可证被吊销）：其持有者没有许可证允许使用该码号',
    );
  });

  it("keeps an officer's own words as given, in any language", () => {
    expect(legacyReason('骚扰电话问题突出，责令暂停整改')).toBe('骚扰电话问题突出，责令暂停整改');
    expect(legacyReason('Penalised by decision, see file')).toBe('Penalised by decision, see file');
    expect(renderReason('骚扰电话问题突出', 'en')).toBe('骚扰电话问题突出');
  });

  it('reads a reason already stored as a code as it is, and nothing else as a code', () => {
    const code = wording('number-reclaimed', { numberId: '95123', effectiveOn: '2021-03-01' });
    expect(legacyReason(code)).toEqual(code);
    expect(legacyReason(undefined)).toBe('');
    expect(explainReason({ code: 'no-such-code', params: {} }, 'zh')).toBeNull();
    expect(explainReason(null, 'en')).toBeNull();
  });

  it('explains a reason for an answer: text in the language, and the code and parameters for machines', () => {
    const code = wording('listing-penalty', { documentNo: DOC, decidedOn: '2021-03-01' });
    expect(explainReason(code, 'zh')).toEqual({
      text: `受到2021-03-01作出的行政处罚决定书${DOC}的行政处罚（《电信业务经营许可管理办法》第四十二条）`,
      code: 'listing-penalty',
      params: { documentNo: DOC, decidedOn: '2021-03-01' },
    });
    expect(explainReason('整改完成', 'en')).toEqual({ text: '整改完成', code: null, params: null });
  });

  it('upcasts only the reason of an older event', () => {
    const v1 = {
      entryId: 'e-1',
      reason: `Penalised by decision ${DOC} of 2021-03-01 (Telecom Business Licensing Measures art. 42)`,
      listedOn: '2021-03-01',
    };
    expect(rereadReason(v1)).toEqual({
      entryId: 'e-1',
      reason: wording('listing-penalty', { documentNo: DOC, decidedOn: '2021-03-01' }),
      listedOn: '2021-03-01',
    });
  });
});
