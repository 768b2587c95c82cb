import type { PublishedEntry } from '@ledger/regulation/credit-list/publication';
import { publicationCsv, reprDigest } from './publications.download';

const entry = (overrides: Partial<PublishedEntry>): PublishedEntry => ({
  entryId: 'e-1',
  uscc: '91330100716105852F',
  enterpriseName: '杭州某某',
  licenceNumbers: ['浙B2-20200001', 'B2-20200002'],
  list: 'bad',
  listedOn: '2025-08-15',
  expiresOn: '2028-08-15',
  reason: '骚扰电话',
  basis: null,
  listingAuthority: '330000',
  listingAuthorityName: '浙江省通信管理局',
  ...overrides,
});

describe('the published list as CSV', () => {
  it('writes a heading and one CRLF-ended record per entry, in the reader’s language', () => {
    expect(publicationCsv([entry({})], 'zh')).toBe(
      '条目编号,企业名称,统一社会信用代码,许可证编号,名单,列入日期,届满日期,列入原因,列入机关\r\n' +
        'e-1,杭州某某,91330100716105852F,浙B2-20200001; B2-20200002,电信业务经营不良名单,2025-08-15,2028-08-15,骚扰电话,浙江省通信管理局\r\n',
    );
    const [, row] = publicationCsv(
      [entry({ reason: { code: 'listing-penalty', params: { documentNo: '浙罚〔2025〕3号', decidedOn: '2025-08-15' } } })],
      'en',
    ).split('\r\n');
    expect(row).toContain('Bad list');
    expect(row).toContain('浙罚〔2025〕3号');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says, and defuses formulas', () => {
    const [, row] = publicationCsv([entry({ enterpriseName: '某某, "有限"公司', reason: '第一行\r\n第二行' })], 'zh').split(
      /\r\n(?=e-1|$)/,
    );
    expect(row).toContain('"某某, ""有限""公司"');
    expect(row).toContain('"第一行\r\n第二行"');
    const [, formula] = publicationCsv(
      [entry({ reason: '=HYPERLINK("http://x")', enterpriseName: null, listingAuthority: null, listingAuthorityName: null })],
      'zh',
    ).split('\r\n');
    expect(formula).toBe(
      'e-1,,91330100716105852F,浙B2-20200001; B2-20200002,电信业务经营不良名单,2025-08-15,2028-08-15,"\'=HYPERLINK(""http://x"")",',
    );
  });

  it('states the digest of the bytes sent (RFC 9530)', () => {
    expect(reprDigest(Buffer.from(''))).toBe('sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:');
  });
});
