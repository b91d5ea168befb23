/** Japanese messages of the staff pages' live channel (`staffLive` namespace, loaded with every staff page). */
export const staffLiveJa = {
  trouble: '{{name}}さん（{{venue}}）がお話ししたいそうです',
  gathering: '集まり：{{title}}',
  hint: '電話や会場の世話役から、声をかけてください。',
  handled: '対応した',
  handling: '記録しています…',
  failed: '記録できませんでした。もう一度押してください。',
  attendance: '出席 {{total}}人（会場 {{venue}}・オンライン {{online}}・電話 {{phone}}）',
  connectedNow: 'いまつながっている人 {{n}}人',
};

export type StaffLiveMessages = typeof staffLiveJa;
