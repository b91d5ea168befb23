import { useCallback, useEffect, useState } from 'react';
import type { CallOutResult, PhoneRegulars } from '@shared/phone/schemas';
import { phoneRoutes } from '@shared/phone/routes';
import { usePhoneT } from '../../i18n/phone';
import { apiCall } from '../../lib/api';
import { BigButton } from '../../ui/BigButton';
import '../../styles/phone.css';

type CallState = 'ringing' | CallOutResult['outcome'] | 'error';

/**
 * 「電話をかける」 in the host's roster: the venue's members with a registered number, each with one button that
 * rings their phone; they are in the gathering when they pick up. Nothing shows without a telephone on the server.
 */
export function PhoneCallOut({ sessionId }: { sessionId: string }) {
  const { t } = usePhoneT();
  const [list, setList] = useState<PhoneRegulars | null>(null);
  const [calls, setCalls] = useState<Record<string, CallState>>({});

  const load = useCallback(
    (signal?: AbortSignal) =>
      apiCall(phoneRoutes.phoneRegulars, { params: { sessionId }, ...(signal ? { signal } : {}) }).then(setList, () => setList(null)),
    [sessionId],
  );
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const ring = async (participantId: string) => {
    setCalls((c) => ({ ...c, [participantId]: 'ringing' }));
    const outcome = await apiCall(phoneRoutes.callOut, { params: { sessionId }, body: { participantId } }).then(
      (result) => result.outcome,
      () => 'error' as const,
    );
    setCalls((c) => ({ ...c, [participantId]: outcome }));
    void load();
  };

  if (!list?.enabled || list.people.length === 0) return null;
  return (
    <section className="phone-call-out" aria-labelledby="phone-call-out-title" data-testid="phone-call-out">
      <h3 id="phone-call-out-title" className="phone-call-out__title">
        ☎ {t('callOut.title')}
      </h3>
      <p className="phone-call-out__lead">{t('callOut.lead')}</p>
      <ul className="phone-call-out__people">
        {list.people.map((person) => {
          const state = calls[person.participantId];
          return (
            <li key={person.participantId} className="phone-call-out__person" data-testid="phone-call-out-person">
              <span className="phone-call-out__name">{person.displayName}</span>
              {person.inCall ? (
                <span className="phone-call-out__state">{t('callOut.inCall')}</span>
              ) : (
                <BigButton
                  label={state === 'ringing' ? t('callOut.ringing') : t('callOut.call')}
                  disabled={state === 'ringing'}
                  onClick={() => void ring(person.participantId)}
                  data-testid="phone-call-out-button"
                />
              )}
              {state && state !== 'ringing' && (
                <span className="phone-call-out__state" role="status">
                  {state === 'error' ? t('callOut.outcome.failed') : t(`callOut.outcome.${state}`)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
