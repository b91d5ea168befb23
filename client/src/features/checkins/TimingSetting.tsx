import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckinTiming, VenueCheckinSettings } from '@shared/checkins/schemas';
import { useCheckinsT } from '../../i18n/checkins';
import { useResource } from '../../lib/useResource';
import { Loaded } from '../../ui/staff/pageParts';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { checkinRoutes } from '@shared/checkins/routes';
import { apiCall } from '../../lib/api';

const TIMINGS: CheckinTiming[] = ['after-join', 'before-leave'];

/** The venue's choice of when people at home are asked: at the あいさつ (or a minute in) / 退出するとき; saved as soon as it is chosen. */
export function TimingSetting({ venueId }: { venueId: string }) {
  const { t } = useCheckinsT();
  const main = useTranslation().t;
  const load = useCallback((signal: AbortSignal) => apiCall(checkinRoutes.venueSettings, { params: { venueId }, signal }), [venueId]);
  const [settings, reload] = useResource<VenueCheckinSettings>(`checkin-settings:${venueId}`, load);
  const [chosen, setChosen] = useState<CheckinTiming | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  const choose = async (timing: CheckinTiming, previous: CheckinTiming) => {
    setChosen(timing);
    setMessage(null);
    try {
      const saved = await apiCall(checkinRoutes.setVenueTiming, { params: { venueId }, body: { checkinTiming: timing } });
      setChosen(saved.checkinTiming);
      setMessage({ tone: 'ok', text: t('admin.timingSaved') });
    } catch (error) {
      setChosen(previous);
      setMessage({ tone: 'error', text: errorText(main, error) });
    }
  };

  return (
    <Loaded resource={settings} reload={reload}>
      {(data) => {
        const current = chosen ?? data.checkinTiming;
        return (
          <>
            <p>{t('admin.timingHint')}</p>
            <fieldset className="choice-row" data-testid="checkin-timing">
              <legend className="visually-hidden">{t('admin.timingTitle')}</legend>
              {TIMINGS.map((timing) => (
                <label key={timing} className={`choice${timing === current ? ' choice--on' : ''}`}>
                  <input
                    type="radio"
                    name={`timing-${venueId}`}
                    value={timing}
                    checked={timing === current}
                    onChange={() => void choose(timing, current)}
                  />
                  {t(`admin.timing.${timing}`)}
                </label>
              ))}
            </fieldset>
            {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
          </>
        );
      }}
    </Loaded>
  );
}
