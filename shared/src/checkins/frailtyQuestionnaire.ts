/**
 * 後期高齢者の質問票 (15 items), kept as data so wording and risk answers can be corrected without
 * code changes. Source: reference/questionnaire-koki-koreisha.md; the answer options and risk answers
 * follow the MHLW form as commonly reproduced and are still to be checked against the MHLW PDF.
 * There is no official total score: results are read item by item and by domain.
 */
export interface FrailtyItem {
  number: number;
  domain: string;
  question: string;
  options: string[];
  riskAnswers: string[];
}

export const FRAILTY_QUESTIONNAIRE_INTERVAL_MONTHS = 6;

export const FRAILTY_ITEMS: FrailtyItem[] = [
  {
    number: 1,
    domain: '健康状態',
    question: 'あなたの現在の健康状態はいかがですか',
    options: ['よい', 'まあよい', 'ふつう', 'あまりよくない', 'よくない'],
    riskAnswers: ['あまりよくない', 'よくない'],
  },
  {
    number: 2,
    domain: '心の健康状態',
    question: '毎日の生活に満足していますか',
    options: ['満足', 'やや満足', 'やや不満', '不満'],
    riskAnswers: ['やや不満', '不満'],
  },
  { number: 3, domain: '食習慣', question: '1日3食きちんと食べていますか', options: ['はい', 'いいえ'], riskAnswers: ['いいえ'] },
  {
    number: 4,
    domain: '口腔機能',
    question: '半年前に比べて固いもの（さきいか、たくあんなど）が食べにくくなりましたか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['はい'],
  },
  { number: 5, domain: '口腔機能', question: 'お茶や汁物等でむせることがありますか', options: ['はい', 'いいえ'], riskAnswers: ['はい'] },
  {
    number: 6,
    domain: '体重変化',
    question: '6カ月間で2～3kg以上の体重減少がありましたか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['はい'],
  },
  {
    number: 7,
    domain: '運動・転倒',
    question: '以前に比べて歩く速度が遅くなってきたと思いますか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['はい'],
  },
  { number: 8, domain: '運動・転倒', question: 'この1年間に転んだことがありますか', options: ['はい', 'いいえ'], riskAnswers: ['はい'] },
  {
    number: 9,
    domain: '運動・転倒',
    question: 'ウォーキング等の運動を週に1回以上していますか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['いいえ'],
  },
  {
    number: 10,
    domain: '認知機能',
    question: '周りの人から「いつも同じことを聞く」などの物忘れがあると言われていますか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['はい'],
  },
  {
    number: 11,
    domain: '認知機能',
    question: '今日が何月何日かわからない時がありますか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['はい'],
  },
  {
    number: 12,
    domain: '喫煙',
    question: 'あなたはたばこを吸いますか',
    options: ['吸っている', '吸っていない', 'やめた'],
    riskAnswers: ['吸っている'],
  },
  { number: 13, domain: '社会参加', question: '週に1回以上は外出していますか', options: ['はい', 'いいえ'], riskAnswers: ['いいえ'] },
  {
    number: 14,
    domain: '社会参加',
    question: 'ふだんから家族や友人と付き合いがありますか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['いいえ'],
  },
  {
    number: 15,
    domain: 'ソーシャルサポート',
    question: '体調が悪いときに、身近に相談できる人がいますか',
    options: ['はい', 'いいえ'],
    riskAnswers: ['いいえ'],
  },
];

/** The item numbers whose answer is a risk answer, and the domains with at least one of them. */
export function assessFrailty(answers: Record<number, string>): { flaggedItems: number[]; flaggedDomains: string[] } {
  const flagged = FRAILTY_ITEMS.filter((item) => item.riskAnswers.includes(answers[item.number] ?? ''));
  return {
    flaggedItems: flagged.map((item) => item.number),
    flaggedDomains: [...new Set(flagged.map((item) => item.domain))],
  };
}
