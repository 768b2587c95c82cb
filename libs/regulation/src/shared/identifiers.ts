/**
 * Identifiers of the regulation. USCC: 统一社会信用代码, GB 32100-2015. Province: GB/T 2260.
 */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The GB 32100 check character of the first 17 characters, or null if one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (USCC_WEIGHTS[i] as number);
  }
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export function isValidUscc(uscc: string): boolean {
  return /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(uscc) && usccCheckCharacter(uscc.slice(0, 17)) === uscc.charAt(17);
}

/** Province-level divisions (GB/T 2260) with the abbreviation used in provincial licence numbers. */
export const PROVINCES: Readonly<Record<string, { name: string; abbreviation: string }>> = {
  '110000': { name: '北京市', abbreviation: '京' },
  '120000': { name: '天津市', abbreviation: '津' },
  '130000': { name: '河北省', abbreviation: '冀' },
  '140000': { name: '山西省', abbreviation: '晋' },
  '150000': { name: '内蒙古自治区', abbreviation: '蒙' },
  '210000': { name: '辽宁省', abbreviation: '辽' },
  '220000': { name: '吉林省', abbreviation: '吉' },
  '230000': { name: '黑龙江省', abbreviation: '黑' },
  '310000': { name: '上海市', abbreviation: '沪' },
  '320000': { name: '江苏省', abbreviation: '苏' },
  '330000': { name: '浙江省', abbreviation: '浙' },
  '340000': { name: '安徽省', abbreviation: '皖' },
  '350000': { name: '福建省', abbreviation: '闽' },
  '360000': { name: '江西省', abbreviation: '赣' },
  '370000': { name: '山东省', abbreviation: '鲁' },
  '410000': { name: '河南省', abbreviation: '豫' },
  '420000': { name: '湖北省', abbreviation: '鄂' },
  '430000': { name: '湖南省', abbreviation: '湘' },
  '440000': { name: '广东省', abbreviation: '粤' },
  '450000': { name: '广西壮族自治区', abbreviation: '桂' },
  '460000': { name: '海南省', abbreviation: '琼' },
  '500000': { name: '重庆市', abbreviation: '渝' },
  '510000': { name: '四川省', abbreviation: '川' },
  '520000': { name: '贵州省', abbreviation: '贵' },
  '530000': { name: '云南省', abbreviation: '云' },
  '540000': { name: '西藏自治区', abbreviation: '藏' },
  '610000': { name: '陕西省', abbreviation: '陕' },
  '620000': { name: '甘肃省', abbreviation: '甘' },
  '630000': { name: '青海省', abbreviation: '青' },
  '640000': { name: '宁夏回族自治区', abbreviation: '宁' },
  '650000': { name: '新疆维吾尔自治区', abbreviation: '新' },
};

export function isProvinceCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(PROVINCES, code);
}

/** Basic telecom enterprises (基础电信企业) that give access. */
export const CARRIERS = ['CT', 'CU', 'CM', 'CBN'] as const;
export type CarrierCode = (typeof CARRIERS)[number];

export function isCarrierCode(code: string): code is CarrierCode {
  return (CARRIERS as readonly string[]).includes(code);
}
