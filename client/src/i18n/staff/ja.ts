/**
 * Japanese messages of the organiser's staff accounts page: the `staff` namespace, loaded with that page
 * and the dashboard's link to it (see ./index.ts).
 */
export const staffJa = {
  title: '職員のアカウント',
  lead: 'この団体の運営担当と世話役のアカウントです。パスワードを5回まちがえると、15分ロックされます。',
  open: '職員のアカウントを見る',
  dashboardNote: 'ロックの解除、アカウントの停止と再開、世話役の会場の変更ができます。',
  none: 'アカウントがありません。',
  you: '（あなた）',
  email: 'メール',
  role: '役割',
  venues: '会場',
  allVenues: 'すべての会場',
  noVenues: 'なし',
  state: '状態',
  active: '利用中',
  locked: 'ロック中（{{until}} まで）',
  disabled: '停止中',
  unlock: 'ロックを解除する',
  unlocked: 'ロックを解除しました。',
  disable: '停止する',
  enable: '再開する',
  disabledNote: 'アカウントを停止しました。この人の端末はすぐにログインが終わります。',
  enabledNote: 'アカウントを再開しました。またログインできます。',
  disableConfirmTitle: '{{name}}さんのアカウントを停止しますか',
  disableConfirmBody:
    '停止すると、この人はログインできなくなり、使っている端末（会場のタブレットも）はすぐに集まりから外れます。あとで再開できます。',
  disableYes: '停止する',
  changeVenues: '会場を変える',
  venuesLegend: '{{name}}さんが世話役をする会場',
  saveVenues: '会場を保存する',
  venuesSaved: '会場を変えました。外した会場の集まりを開いている端末は、すぐに集まりから外れます。',
};

export type StaffMessages = typeof staffJa;
