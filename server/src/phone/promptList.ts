/**
 * The telephone's recorded prompts (server/assets/prompts/<id>.wav), what each says, and how a synthetic voice reads
 * it (kana, the particle は written わ: the placeholder voice, espeak-ng, reads kana reliably and kanji not at all). scripts/make-prompts.sh
 * regenerates the placeholders from this list; human recordings replace the files one for one (README, Telephone).
 */
export interface PromptText {
  /** What the prompt says, as written for a person recording it. */
  text: string;
  /** The same in kana, for the synthetic placeholder. */
  reading: string;
}

/** How the hours are read (4時 よじ, 9時 くじ). */
const HOUR_READINGS = [
  'れい',
  'いち',
  'に',
  'さん',
  'よ',
  'ご',
  'ろく',
  'しち',
  'はち',
  'く',
  'じゅう',
  'じゅういち',
  'じゅうに',
  'じゅうさん',
  'じゅうよ',
  'じゅうご',
  'じゅうろく',
  'じゅうしち',
  'じゅうはち',
  'じゅうく',
  'にじゅう',
  'にじゅういち',
  'にじゅうに',
  'にじゅうさん',
];

const hours = Object.fromEntries(
  Array.from({ length: 24 }, (_, h) => [`hour-${h}`, { text: `${h}時`, reading: `${HOUR_READINGS[h]!}じ` }]),
) as Record<`hour-${number}`, PromptText>;

/** Every prompt, by file name without `.wav`. */
export const PROMPTS = {
  welcome: { text: 'こちらは、通いの場の電話です。', reading: 'こちらわ、かよいのばの でんわです。' },
  'enter-keypad-number': {
    text: 'カードに書いてある、6けたの番号を押してください。',
    reading: 'カードに かいてある、ろっけたの ばんごうを おしてください。',
  },
  'wrong-keypad-number-retry': {
    text: '番号がちがうようです。もう一度、ゆっくり押してください。',
    reading: 'ばんごうが ちがうようです。もういちど、ゆっくり おしてください。',
  },
  'wrong-keypad-number-goodbye': {
    text: '番号をたしかめられませんでした。お世話係にお問い合わせください。お電話ありがとうございました。',
    reading: 'ばんごうを たしかめられませんでした。おせわがかりに おといあわせください。おでんわ ありがとうございました。',
  },
  'cannot-join': {
    text: 'いまは、この電話では参加できません。お世話係にお問い合わせください。',
    reading: 'いまわ、このでんわでわ さんかできません。おせわがかりに おといあわせください。',
  },
  'no-gathering-now': { text: 'いまは、集まりの時間ではありません。', reading: 'いまわ、あつまりの じかんでわ ありません。' },
  'gathering-cancelled': { text: '今日の集まりは、お休みです。', reading: 'きょうの あつまりわ、おやすみです。' },
  'gathering-ended': { text: '今日の集まりは、終わりました。', reading: 'きょうの あつまりわ、おわりました。' },
  /** Then hour-N (and minute-N), then `opens-at-suffix`: 「次の集まりは 10時 30分 からです」. */
  'next-gathering-at': { text: '次の集まりは、', reading: 'つぎの あつまりわ、' },
  'opens-at': { text: '電話で参加できるのは、', reading: 'でんわで さんか できるのわ、' },
  'from-suffix': { text: 'からです。', reading: 'からです。' },
  ...hours,
  'minute-15': { text: '15分', reading: 'じゅうごふん' },
  'minute-30': { text: '30分', reading: 'さんじゅっぷん' },
  'minute-45': { text: '45分', reading: 'よんじゅうごふん' },
  joined: {
    text: '集まりに入りました。みなさんの声が聞こえます。',
    reading: 'あつまりに はいりました。みなさんの こえが きこえます。',
  },
  'muted-by-host': { text: 'お世話係が、マイクを切りました。', reading: 'おせわがかりが、マイクを きりました。' },
  'self-muted': {
    text: 'マイクを切りました。もう一度、こめじるし 6 で戻ります。',
    reading: 'マイクを きりました。もういちど、こめじるし ろく で もどります。',
  },
  'self-unmuted': { text: 'マイクを入れました。', reading: 'マイクを いれました。' },
  'hand-raised': { text: '手をあげました。', reading: 'てを あげました。' },
  'checkin-intro': {
    text: '最後に、今日の調子をお聞きします。番号で答えてください。',
    reading: 'さいごに、きょうの ちょうしを おききします。ばんごうで こたえてください。',
  },
  'checkin-mood': {
    text: '今日の気分は？ よいは1、ふつうは2、よくないは3。',
    reading: 'きょうの きぶんわ？ よいわ いち、ふつうわ に、よくないわ さん。',
  },
  'checkin-body': {
    text: '体の調子は？ よいは1、ふつうは2、よくないは3。',
    reading: 'からだの ちょうしわ？ よいわ いち、ふつうわ に、よくないわ さん。',
  },
  'checkin-sleep': {
    text: 'よく眠れましたか？ よく眠れたは1、ふつうは2、眠れなかったは3。',
    reading: 'よく ねむれましたか？ よく ねむれたわ いち、ふつうわ に、ねむれなかったわ さん。',
  },
  'checkin-meals': {
    text: '食事はとれていますか？ とれているは1、ふつうは2、とれていないは3。',
    reading: 'しょくじわ とれていますか？ とれているわ いち、ふつうわ に、とれていないわ さん。',
  },
  'checkin-outings': {
    text: '外出や買い物はできていますか？ できているは1、ときどきは2、できていないは3。',
    reading: 'がいしゅつや かいものわ できていますか？ できているわ いち、ときどきわ に、できていないわ さん。',
  },
  'checkin-thanks': { text: 'ありがとうございました。', reading: 'ありがとう ございました。' },
  goodbye: { text: 'お電話ありがとうございました。また来週。', reading: 'おでんわ ありがとう ございました。また らいしゅう。' },
} satisfies Record<string, PromptText>;

/** A sound that is not speech: notes played one after another (scripts/make-prompts.sh synthesizes them with sox). */
export interface PromptTone {
  /** What it is, for a person replacing it. */
  text: string;
  notes: readonly { hz: number; seconds: number }[];
}

/** The tones, by file name without `.wav`; they are prompts like the others (same format, same folder). */
export const TONES = {
  /** Before 「お世話係が、マイクを切りました」: a soft two-note chime (G5 then E5, a doorbell's ピン・ポーン). */
  chime: {
    text: '（チャイム：ピン・ポーン）',
    notes: [
      { hz: 784, seconds: 0.25 },
      { hz: 659, seconds: 0.45 },
    ],
  },
} satisfies Record<string, PromptTone>;

export type SpokenPromptId = keyof typeof PROMPTS;
export type PromptId = SpokenPromptId | keyof typeof TONES;
export const SPOKEN_PROMPT_IDS = Object.keys(PROMPTS) as SpokenPromptId[];
export const PROMPT_IDS = [...SPOKEN_PROMPT_IDS, ...(Object.keys(TONES) as (keyof typeof TONES)[])] as PromptId[];

/** Prompts are short: none is longer than this (a test checks every file). */
export const PROMPT_MAX_SECONDS = 12;
