import { VENUE_ACTIVITY_LABELS, VENUE_OPERATOR_LABELS, VENUE_PLACE_LABELS } from '@shared/venues/surveyCategories';

/**
 * Japanese messages of the national survey (通いの場): the venue's survey attributes, a participant's sex and birth
 * year, and the report on the dashboard. The `survey` namespace, loaded with those screens (see ./index.ts).
 * The category names are the list's own words (shared/src/venues/surveyCategories.ts).
 */
export const surveyJa = {
  attributes: {
    title: '国の調査のための会場の情報',
    lead: '介護予防・日常生活支援総合事業 実施状況調査（通いの場）で報告する項目です。「通いの場の類型化」の分け方で選びます。',
    operator: '運営主体',
    place: '場所',
    activities: '活動（あてはまるものすべて）',
    mainActivity: 'いちばん主な活動',
    mainActivityHint: '上で選んだ活動から1つ選びます。',
    notSet: '未設定',
    save: '会場の情報を保存する',
    saved: '保存しました。',
    mainNotChosen: 'いちばん主な活動は、上で選んだ活動から選んでください。',
  },
  operators: { ...VENUE_OPERATOR_LABELS },
  places: { ...VENUE_PLACE_LABELS },
  activities: { ...VENUE_ACTIVITY_LABELS },
  person: {
    purpose: '国への報告（性別・年代別の人数）にだけ使います。わからなければ空けたままで大丈夫です。',
    sex: '性別',
    sexNone: '記入しない',
    female: '女性',
    male: '男性',
    birthYear: '生まれ年（西暦）',
    birthYearHint: '例：1950',
    birthYearInvalid: '生まれ年は、1900年から{{year}}年までの西暦4けたで入れてください。',
  },
  report: {
    title: '国の調査（通いの場）',
    lead: '介護予防・日常生活支援総合事業 実施状況調査の「通いの場」のための、会場ごとの数です。調査月と、その年度（4月から調査月まで）の2行が並びます。',
    month: '調査月',
    monthHint: '例：2026-02',
    needMonth: '調査月を選んでください。',
    futureMonth: '調査月は、今月より後にはできません。',
    csv: '国の調査用 CSV',
    xlsx: '国の調査用 Excel',
    note: '会場・オンライン・電話の参加は別の列で、オンラインだけで参加した人も別の列です。数え方は Excel の「説明」シートにあります。性別・生まれ年は参加者の登録で入れられます。',
  },
};

export type SurveyMessages = typeof surveyJa;
