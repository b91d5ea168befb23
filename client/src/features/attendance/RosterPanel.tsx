import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttendanceMode, RosterEntry } from '@shared/attendance/schemas';
import { BigButton } from '../../ui/BigButton';
import { errorKeys } from '../../lib/errors';
import { CorrectionSheet } from './CorrectionSheet';
import { PersonButton } from './PersonButton';
import { useRoster } from './useRoster';
import { WalkInForm } from './WalkInForm';
import '../../styles/roster.css';
import type { TFunction } from 'i18next';
import type { SessionSummary } from '@shared/call/schemas';
import { japanDate, japanToday } from '@shared/japanTime';

export interface RosterPanelProps {
  sessionId: string;
  /** Shown above everything else (the venue's 「お話ししたい」 banner). */
  notice?: ReactNode;
  onClose: () => void;
  /** What another feature adds to each person (check-ins add 「体調を聞く」, see features/checkins/CheckinRosterPanel). */
  personAction?: RosterPersonAction;
  /** On its own page (a correction after the day): the tab's title says the session's date too. */
  titlesPage?: boolean;
  /** Below the names: what another feature adds on the day (the telephone's 「電話をかける」). */
  footer?: ReactNode;
}

/**
 * A button beside 修正 on each person, and the sheet it opens over the roster. The roster itself stays about
 * attendance; the feature that plugs in gets what it needs to mark the person present first.
 */
export interface RosterPersonAction {
  /** The button for this person; `open` shows the sheet for them. */
  button: (entry: RosterEntry, open: () => void) => ReactNode;
  sheet: (props: RosterSheetProps) => ReactNode;
}

export interface RosterSheetProps {
  entry: RosterEntry;
  /** Marks the person present (or changes how they attend). */
  markPresent: (entry: RosterEntry, mode: AttendanceMode) => Promise<void>;
  /** Why the last change to the roster failed, if it did. */
  markError: unknown;
  close: () => void;
}

type TapMode = Extract<AttendanceMode, 'venue' | 'phone'>;

/**
 * The host's attendance sheet, over the call: choose 「会場に来た」 or 「電話で参加」, then tap
 * names; a second tap undoes. People at home appear by themselves when they join the call.
 */
export function RosterPanel({ sessionId, notice, onClose, personAction, titlesPage = false, footer }: RosterPanelProps) {
  const { t, i18n } = useTranslation();
  const roster = useRoster(sessionId);
  const title = rosterTitle(roster.session, t, i18n.language);
  useEffect(() => {
    if (titlesPage) document.title = `${title} | ${t('common.appName')}`;
  }, [titlesPage, title, t]);
  const [tapMode, setTapMode] = useState<TapMode>('venue');
  const [correcting, setCorrecting] = useState<RosterEntry | null>(null);
  const [addingWalkIn, setAddingWalkIn] = useState(false);
  const [actingOn, setActingOn] = useState<string | null>(null);
  const actingOnEntry = roster.entries.find((e) => e.participantId === actingOn);
  const count = (mode: AttendanceMode) => roster.entries.filter((e) => e.mode === mode).length;

  return (
    <div className="roster" role="dialog" aria-modal="true" aria-labelledby="roster-title" data-testid="roster-panel">
      {notice}
      <header className="roster__header">
        <h2 id="roster-title" className="roster__title" data-testid="roster-title">
          {title}
        </h2>
        <p className="roster__counts" data-testid="roster-counts">
          {t('roster.counts', { venue: count('venue'), online: count('online'), phone: count('phone') })}
        </p>
        <BigButton label={t('roster.done')} icon="check" onClick={onClose} data-testid="roster-close" />
      </header>
      <div className="roster__modes" role="radiogroup" aria-label={t('roster.modeLabel')}>
        {(['venue', 'phone'] as const).map((mode) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={tapMode === mode}
            className={`roster__mode ${tapMode === mode ? 'roster__mode--on' : ''}`}
            onClick={() => setTapMode(mode)}
            data-testid={`roster-mode-${mode}`}
          >
            {t(`roster.tapMode.${mode}`)}
          </button>
        ))}
      </div>
      <p className="roster__hint">{t(`roster.hint.${tapMode}`)}</p>
      {roster.error && (
        <p className="roster__error" role="alert" data-testid="roster-error">
          {t(errorKeys(roster.error.code).title)}
        </p>
      )}
      {!roster.loaded ? (
        <p className="roster__hint">{t('common.loading')}</p>
      ) : (
        <div className="roster__grid">
          {roster.entries.map((entry) => (
            <PersonButton
              key={entry.participantId}
              entry={entry}
              pending={roster.pending.has(entry.participantId)}
              onTap={() => void roster.toggle(entry, tapMode)}
              onCorrect={() => setCorrecting(entry)}
              action={personAction?.button(entry, () => setActingOn(entry.participantId))}
            />
          ))}
          <button type="button" className="roster__add" onClick={() => setAddingWalkIn(true)} data-testid="walk-in-open">
            ＋ {t('roster.walkInOpen')}
          </button>
        </div>
      )}
      {footer}
      {correcting && (
        <CorrectionSheet
          entry={correcting}
          onChoose={(mode) => {
            void roster.setMode(correcting, mode);
            setCorrecting(null);
          }}
          onClose={() => setCorrecting(null)}
        />
      )}
      {addingWalkIn && <WalkInForm onAdd={roster.addWalkIn} onClose={() => setAddingWalkIn(false)} />}
      {actingOnEntry &&
        personAction?.sheet({
          entry: actingOnEntry,
          markPresent: roster.setMode,
          markError: roster.error,
          close: () => setActingOn(null),
        })}
    </div>
  );
}

/** 「きょうの出席」 on the day; a correction afterwards is titled with the session's date (「11月26日(水)の出席」). */
function rosterTitle(session: SessionSummary | null, t: TFunction, language: string): string {
  if (!session || japanDate(session.startsAt) === japanToday()) return t('roster.title');
  const locale = language === 'en' ? 'en-GB' : 'ja-JP';
  const date = new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', weekday: 'short', timeZone: 'Asia/Tokyo' }).format(
    new Date(session.startsAt),
  );
  return t('roster.titleOn', { date });
}
