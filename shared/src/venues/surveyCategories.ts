/**
 * The venue attributes of the national survey (介護予防・日常生活支援総合事業 実施状況調査, 通いの場), as the fixed
 * choices of 「通いの場の類型化 Ver.1.0」 (2021). Stable keys are stored; the Japanese labels are the list's own
 * words and are what the survey export writes. No zod: the pages import this module.
 */

/** 運営主体: who runs the place. */
export const VENUE_OPERATORS = [
  'resident',
  'residentGroup',
  'municipalityPrevention',
  'municipalityOther',
  'socialWelfareCouncil',
  'professionalBody',
  'medicalInstitution',
  'careProvider',
  'company',
] as const;
export type VenueOperator = (typeof VENUE_OPERATORS)[number];

/** 場所: where it meets. */
export const VENUE_PLACES = ['privateHome', 'communityHall', 'park', 'farm', 'school', 'spareSpace', 'other'] as const;
export type VenuePlace = (typeof VENUE_PLACES)[number];

/** 活動: what it does (several; one of them the main activity). */
export const VENUE_ACTIVITIES = [
  'exercise',
  'meals',
  'teaParty',
  'dementiaPrevention',
  'hobby',
  'farming',
  'lifelongLearning',
  'volunteering',
  'work',
  'intergenerational',
] as const;
export type VenueActivity = (typeof VENUE_ACTIVITIES)[number];

export const VENUE_OPERATOR_LABELS: Record<VenueOperator, string> = {
  resident: '住民個人',
  residentGroup: '住民団体',
  municipalityPrevention: '行政(介護予防担当)',
  municipalityOther: '行政(それ以外)',
  socialWelfareCouncil: '社協',
  professionalBody: '専門職団体',
  medicalInstitution: '医療機関',
  careProvider: '介護関係施設・事業所',
  company: '民間企業',
};

export const VENUE_PLACE_LABELS: Record<VenuePlace, string> = {
  privateHome: '個人宅・空き家',
  communityHall: '公民館・自治会館・集会所',
  park: '公園',
  farm: '農園',
  school: '学校・廃校',
  spareSpace: '医療機関・介護施設・店舗の空きスペース',
  other: 'その他',
};

export const VENUE_ACTIVITY_LABELS: Record<VenueActivity, string> = {
  exercise: '体操(運動)',
  meals: '会食',
  teaParty: '茶話会',
  dementiaPrevention: '認知症予防',
  hobby: '趣味活動',
  farming: '農作業',
  lifelongLearning: '生涯学習',
  volunteering: 'ボランティア活動',
  work: '就労的活動',
  intergenerational: '多世代交流',
};

/** A participant's sex, optional: used only for the survey's counts by sex. */
export const PARTICIPANT_SEXES = ['female', 'male'] as const;
export type ParticipantSex = (typeof PARTICIPANT_SEXES)[number];

/** The earliest birth year accepted; the latest is this year in Japan. */
export const FIRST_BIRTH_YEAR = 1900;
