import { FRAILTY_ITEMS } from '@shared/checkins/frailtyQuestionnaire';
import type { QuestionnaireStatus } from '@shared/checkins/schemas';
import { useCheckinsT } from '../../../i18n/checkins';
import { formatJapanDay } from '../../../lib/staffFormat';

/** The questionnaire's domains in the form's order, each with its items. */
const DOMAINS = [...new Set(FRAILTY_ITEMS.map((item) => item.domain))].map((domain) => ({
  domain,
  items: FRAILTY_ITEMS.filter((item) => item.domain === domain),
}));

/**
 * The latest 後期高齢者の質問票 by domain: 「⚠ 気になる」 or 「✓ 気になる点なし」, with each item's question
 * and answer under it (the form has no total score). Then whether it may be asked again now.
 */
export function QuestionnaireView({ status, onFill }: { status: QuestionnaireStatus; onFill: () => void }) {
  const { t, i18n } = useCheckinsT();
  const latest = status.latest;
  return (
    <>
      {latest ? (
        <>
          <p className="staff-lead" data-testid="questionnaire-latest">
            {t('trend.questionnaireLatest', {
              date: formatJapanDay(latest.completedAt, i18n.language),
              by: t(`trend.by.${latest.completedBy}`),
            })}
          </p>
          <ul className="domain-list" data-testid="questionnaire-domains">
            {DOMAINS.map(({ domain, items }) => {
              const flagged = latest.flaggedDomains.includes(domain);
              const answered = items.some((item) => latest.answers[String(item.number)] !== undefined);
              const state = flagged ? `⚠ ${t('trend.domainFlagged')}` : answered ? `✓ ${t('trend.domainOk')}` : t('trend.itemNoAnswer');
              return (
                <li
                  key={domain}
                  className={`domain${flagged ? ' domain--flagged' : answered ? '' : ' domain--unanswered'}`}
                  data-flagged={flagged}
                >
                  <span className="domain__head">
                    <span className="domain__name">{domain}</span>
                    <span className="domain__state">{state}</span>
                  </span>
                  <ul className="domain__items">
                    {items.map((item) => (
                      <li key={item.number} className={latest.flaggedItems.includes(item.number) ? 'domain__item--flagged' : undefined}>
                        {t('trend.itemAnswer', {
                          number: item.number,
                          question: item.question,
                          answer: latest.answers[String(item.number)] ?? t('trend.itemNoAnswer'),
                        })}
                      </li>
                    ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      ) : (
        <p>{t('trend.questionnaireNone')}</p>
      )}
      <div className="button-row">
        {status.due ? (
          <>
            <span className="strong">{t('trend.dueNow')}</span>
            <button type="button" className="btn btn--primary" onClick={onFill} data-testid="questionnaire-fill">
              {t('trend.fill')}
            </button>
          </>
        ) : (
          status.nextDueAt && <span>{t('trend.nextDue', { date: formatJapanDay(status.nextDueAt, i18n.language) })}</span>
        )}
      </div>
    </>
  );
}
