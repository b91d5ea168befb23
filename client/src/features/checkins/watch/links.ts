/** A participant's history page (attendance and answers over time, questionnaire, watch-over notes). */
export const participantHref = (participantId: string) => `/admin/participants/${encodeURIComponent(participantId)}`;
