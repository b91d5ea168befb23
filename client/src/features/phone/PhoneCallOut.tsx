import { useCallback, useEffect, useState } from 'react';
import type { CallAllResult, CallOutState, PhoneRegulars } from '@shared/phone/schemas';
import { phoneRoutes } from '@shared/phone/routes';
import { usePhoneT } from '../../i18n/phone';
import { apiCall } from '../../lib/api';
import { BigButton } from '../../ui/BigButton';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import '../../styles/phone.css';

type CallState = CallOutState | 'error';
/** How often the roster asks how the calls are going: often while a phone rings or someone picked up, else now and then. */
const POLL_MS = 2000;
const IDLE_POLL_MS = 10_000;
function inProgress(state: CallState | null | undefined): state is 'waiting' | 'ringing' {
  return state === 'waiting' || state === 'ringing';
}

/**
 * 「電話をかける」 in the host's roster: the venue's members with a registered number, each with one button that
 * rings their phone, and one button that rings everyone not yet in the call (after a confirmation that says how many).
 * Each person shows how their call is going (waiting for a line, ringing, answered, busy …). Nothing shows without
 * a telephone on the server.
 */
export function PhoneCallOut({ sessionId }: { sessionId: string }) {
  const { t } = usePhoneT();
  const [list, setList] = useState<PhoneRegulars | null>(null);
  /** A call this page made that failed before the server knew of it (its answer never came). */
  const [errors, setErrors] = useState<Record<string, boolean>>({});
  const [confirming, setConfirming] = useState(false);
  const [starting, setStarting] = useState(false);
  const [summary, setSummary] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      apiCall(phoneRoutes.phoneRegulars, { params: { sessionId }, ...(signal ? { signal } : {}) }).then(setList, () => undefined),
    [sessionId],
  );
  useEffect(() => {
    const controller = new AbortController();
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);
  // Someone who picked up hears the greeting before they are in: the roster keeps asking until they are.
  const busy = list?.people.some((person) => inProgress(person.call) || (person.call === 'answered' && !person.inCall)) ?? false;
  useEffect(() => {
    if (!list?.enabled) return;
    const timer = setInterval(() => void load(), busy ? POLL_MS : IDLE_POLL_MS);
    return () => clearInterval(timer);
  }, [busy, list?.enabled, load]);

  const ring = async (participantId: string) => {
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([id]) => id !== participantId)));
    setList((l) => l && { ...l, people: l.people.map((p) => (p.participantId === participantId ? { ...p, call: 'waiting' } : p)) });
    await apiCall(phoneRoutes.callOut, { params: { sessionId }, body: { participantId } }).catch(() =>
      setErrors((e) => ({ ...e, [participantId]: true })),
    );
    void load();
  };

  const toCall = list?.people.filter((person) => !person.inCall && !inProgress(person.call)) ?? [];
  const callAll = async () => {
    setStarting(true);
    let result: CallAllResult | null = null;
    try {
      result = await apiCall(phoneRoutes.callAll, { params: { sessionId } });
    } catch {
      setSummary({ tone: 'error', text: t('callOut.callAllFailed') });
    }
    setStarting(false);
    setConfirming(false);
    if (result) {
      const started = t('callOut.callAllStarted', { count: result.calling.length });
      const skipped = result.skipped.length > 0 ? ` ${t('callOut.callAllSkipped', { count: result.skipped.length })}` : '';
      setSummary({ tone: 'ok', text: started + skipped });
    }
    void load();
  };

  if (!list?.enabled || list.people.length === 0) return null;
  return (
    <section className="phone-call-out" aria-labelledby="phone-call-out-title" data-testid="phone-call-out">
      <h3 id="phone-call-out-title" className="phone-call-out__title">
        ☎ {t('callOut.title')}
      </h3>
      <p className="phone-call-out__lead">{t('callOut.lead')}</p>
      <div className="phone-call-out__all">
        <BigButton
          label={t('callOut.callAll')}
          variant="primary"
          disabled={toCall.length === 0 || starting}
          onClick={() => {
            setSummary(null);
            setConfirming(true);
          }}
          data-testid="phone-call-all"
        />
        {toCall.length === 0 && <span className="phone-call-out__state">{t('callOut.callAllNone')}</span>}
        {summary && (
          <p
            className={`phone-call-out__summary phone-call-out__summary--${summary.tone}`}
            role="status"
            data-testid="phone-call-all-summary"
          >
            {summary.text}
          </p>
        )}
      </div>
      <ul className="phone-call-out__people">
        {list.people.map((person) => {
          const state: CallState | null = errors[person.participantId] && !inProgress(person.call) ? 'error' : person.call;
          return (
            <li key={person.participantId} className="phone-call-out__person" data-testid="phone-call-out-person">
              <span className="phone-call-out__name">{person.displayName}</span>
              {person.inCall ? (
                <span className="phone-call-out__state">{t('callOut.inCall')}</span>
              ) : (
                <BigButton
                  label={inProgress(state) ? t(state === 'waiting' ? 'callOut.waiting' : 'callOut.ringing') : t('callOut.call')}
                  disabled={inProgress(state)}
                  onClick={() => void ring(person.participantId)}
                  data-testid="phone-call-out-button"
                />
              )}
              {state && !inProgress(state) && !person.inCall && (
                <span className="phone-call-out__state" role="status" data-testid="phone-call-out-state" data-state={state}>
                  {state === 'error' ? t('callOut.outcome.failed') : t(`callOut.outcome.${state}`)}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {confirming && (
        <ConfirmDialog
          title={t('callOut.confirmTitle', { count: toCall.length })}
          body={t('callOut.confirmBody', {
            names: toCall.map((person) => t('callOut.personName', { name: person.displayName })).join(t('callOut.nameSeparator')),
          })}
          confirmLabel={t('callOut.confirmOk')}
          cancelLabel={t('callOut.confirmCancel')}
          confirmVariant="primary"
          busy={starting}
          onConfirm={() => void callAll()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
  );
}
