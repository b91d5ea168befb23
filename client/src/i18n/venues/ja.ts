/**
 * Japanese messages of people coming and going on the venue's participant page (お休み・移る・やめる・記録を消す):
 * the `venues` namespace, loaded with those screens (see ./index.ts), not in the home participant's download.
 */
export const venuesJa = {
  former: 'やめた方（{{count}}人）',
  erasedName: '（記録を消した方）',
  status: {
    paused: 'お休み中',
    pausedUntil: 'お休み中（{{date}}まで）',
    left: 'やめた方',
    erased: '記録を消しました',
  },
  changes: {
    open: 'お休み・移る・やめる',
    title: '{{name}}さんの手続き',
    pauseTitle: 'お休み（入院など）',
    until: 'お休みの最後の日',
    untilHint: 'わからなければ、空けたままで。名簿には「お休み中」と出て、欠席が続いても見守りに出ません。',
    pause: 'お休みにする',
    paused: 'お休みにしました。名簿に「お休み中」と出ます。',
    resume: 'お休みを終える（また来られる）',
    resumed: 'お休みを終えました。',
    moveTitle: 'ほかの会場へ移る',
    moveTo: '移る先の会場',
    moveNote: 'これまでの出席や体調の記録は、この会場に残ります。いまのカードは、移った先の会場で使えます。',
    move: '移る',
    moved: '{{venue}}へ移りました。',
    leave: 'やめる',
    leaveConfirmTitle: '{{name}}さんは、やめますか？',
    leaveConfirmBody: 'カードのリンクはすぐ使えなくなり、名簿と見守りから外れます。これまでの出席の記録は残ります。',
    leaveYes: 'やめる',
    left: 'やめた方にしました。リンクは止まりました。',
    erase: '記録を消す（ご本人の希望）',
    eraseConfirmTitle: '{{name}}さんの記録を消しますか？',
    eraseConfirmBody:
      'お名前・連絡先・メモ・体調の答え・質問票・見守りのメモを消します。元には戻せません。出席の回数は、名前なしで残ります（集計は変わりません）。',
    eraseYes: '消す',
    erased: '記録を消しました。',
  },
};

export type VenuesMessages = typeof venuesJa;
