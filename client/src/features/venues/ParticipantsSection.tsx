import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCheckinsT } from '../../i18n/checkins';
import { useVenuesT } from '../../i18n/venues';
import type { Participant, Venue } from '@shared/venues/schemas';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useResource } from '../../lib/useResource';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { venueRoutes } from '@shared/venues/routes';
import { apiCall } from '../../lib/api';
import { formatJapanDay } from '../../lib/staffFormat';
import { Link } from '../../ui/Link';
import { Loaded } from '../../ui/staff/pageParts';
import { ParticipantPhonePanel } from '../phone/ParticipantPhonePanel';
import { usePhoneT } from '../../i18n/phone';
import { ParticipantChanges } from './ParticipantChanges';
import { ParticipantForm } from './ParticipantForm';
import { PersonStatus } from './PersonStatus';

type InviteAction = { kind: 'reissue' | 'revoke'; participant: Participant };
type RowNote = { tone: 'ok' | 'error'; text: string; url?: string };

/**
 * The venue's participants: add, edit, and the card link actions (再発行 / 停止). `historyHref`: where a
 * person's history is (the check-ins feature's page; the page that shows this section tells).
 */
export function ParticipantsSection({ venueId, historyHref }: { venueId: string; historyHref?: (participantId: string) => string }) {
  const { t, i18n } = useTranslation();
  const checkinT = useCheckinsT().t;
  const peopleT = useVenuesT().t;
  const phoneT = usePhoneT().t;
  const [phoneOpen, setPhoneOpen] = useState<string | null>(null);
  const load = useCallback((signal: AbortSignal) => apiCall(venueRoutes.participants, { params: { venueId }, signal }), [venueId]);
  const [people, reload] = useResource<Participant[]>(`participants:${venueId}`, load);
  const loadVenues = useCallback((signal: AbortSignal) => apiCall(venueRoutes.list, { signal }), []);
  const [venues] = useResource<Venue[]>('venues', loadVenues);
  const [editing, setEditing] = useState<string | null>(null);
  const [changing, setChanging] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, RowNote>>({});
  const [action, setAction] = useState<InviteAction | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const cardsHref = `/admin/venues/${encodeURIComponent(venueId)}/cards`;

  const saved = (participant: Participant, created: boolean) => {
    setEditing(null);
    setNotes((n) => ({
      ...n,
      [participant.id]: { tone: 'ok', text: created ? t('admin.people.addedNote') : t('admin.people.savedNote') },
    }));
    reload();
  };

  const changed = (participant: Participant, text: string) => {
    setChanging(null);
    setNotes((n) => ({ ...n, [participant.id]: { tone: 'ok', text } }));
    reload();
  };
  const changesOf = (p: Participant) => (
    <ParticipantChanges
      venueId={venueId}
      participant={p}
      venues={venues.status === 'ok' ? venues.data : []}
      onDone={changed}
      onCancel={() => setChanging(null)}
    />
  );

  const runAction = async () => {
    if (!action || busy) return;
    setBusy(true);
    setActionError(null);
    const { kind, participant } = action;
    try {
      if (kind === 'reissue') {
        const invite = await apiCall(venueRoutes.reissueInvite, { params: { participantId: participant.id }, body: { venueId } });
        setNotes((n) => ({ ...n, [participant.id]: { tone: 'ok', text: t('admin.invite.reissued'), url: invite.url } }));
      } else {
        await apiCall(venueRoutes.revokeInvite, { params: { participantId: participant.id } });
        setNotes((n) => ({ ...n, [participant.id]: { tone: 'ok', text: t('admin.invite.revoked') } }));
      }
      setAction(null);
    } catch (error) {
      setActionError(errorText(t, error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="button-row">
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setEditing('new')}
          disabled={editing === 'new'}
          data-testid="add-participant"
        >
          {t('admin.people.addButton')}
        </button>
        <Link className="btn" href={cardsHref}>
          {t('admin.venues.cards')}
        </Link>
      </div>
      {editing === 'new' && (
        <ParticipantForm venueId={venueId} participant={null} onSaved={(p) => saved(p, true)} onCancel={() => setEditing(null)} />
      )}
      <Loaded resource={people} reload={reload}>
        {(everyone) => {
          const list = everyone.filter((p) => p.status === 'active' || p.status === 'paused');
          const former = everyone.filter((p) => p.status === 'left' || p.status === 'erased');
          return (
            <>
              {list.length === 0 ? (
                <p>{t('admin.people.none')}</p>
              ) : (
                <ul className="people-list" data-testid="people-list">
                  {list.map((p) => {
                    const note = notes[p.id];
                    if (editing === p.id) {
                      return (
                        <li key={p.id} className="people-list__item people-list__item--editing">
                          <ParticipantForm
                            venueId={venueId}
                            participant={p}
                            onSaved={(s) => saved(s, false)}
                            onCancel={() => setEditing(null)}
                          />
                        </li>
                      );
                    }
                    return (
                      <li key={p.id} className="people-list__item" data-testid="person">
                        <div className="person">
                          <div className="person__who">
                            <span className="person-name">{p.displayName}</span>
                            {p.kana && <span className="person-kana">{p.kana}</span>}
                            <PersonStatus participant={p} />
                            {historyHref && (
                              <Link className="person__history" href={historyHref(p.id)} data-testid="person-history">
                                {checkinT('admin.historyLink')} ›
                              </Link>
                            )}
                          </div>
                          <dl className="person__facts">
                            <div>
                              <dt>{t('admin.people.contact')}</dt>
                              <dd>{p.contact || t('admin.people.empty')}</dd>
                            </div>
                            <div>
                              <dt>{t('admin.people.consentShort')}</dt>
                              <dd>
                                {p.wellbeingConsentAt ? (
                                  t('admin.people.consentYes', { date: formatJapanDay(p.wellbeingConsentAt, i18n.language) })
                                ) : (
                                  <strong>{t('admin.people.consentNo')}</strong>
                                )}
                              </dd>
                            </div>
                            {p.notes && (
                              <div>
                                <dt>{t('admin.people.notes')}</dt>
                                <dd>{p.notes}</dd>
                              </div>
                            )}
                          </dl>
                        </div>
                        <div className="button-row">
                          <button type="button" className="btn" onClick={() => setEditing(p.id)}>
                            {t('admin.people.edit')}
                          </button>
                          <button
                            type="button"
                            className="btn"
                            onClick={() => setAction({ kind: 'reissue', participant: p })}
                            data-testid="reissue"
                          >
                            {t('admin.invite.reissue')}
                          </button>
                          <button
                            type="button"
                            className="btn btn--danger-outline"
                            onClick={() => setAction({ kind: 'revoke', participant: p })}
                            data-testid="revoke"
                          >
                            {t('admin.invite.revoke')}
                          </button>
                          <button type="button" className="btn" onClick={() => setChanging(p.id)} data-testid="person-changes">
                            {peopleT('changes.open')}
                          </button>
                          <button
                            type="button"
                            className="btn"
                            onClick={() => setPhoneOpen(phoneOpen === p.id ? null : p.id)}
                            aria-expanded={phoneOpen === p.id}
                            data-testid="person-phone"
                          >
                            ☎ {phoneT('person.open')}
                          </button>
                        </div>
                        {changing === p.id && changesOf(p)}
                        {phoneOpen === p.id && <ParticipantPhonePanel participantId={p.id} active onClose={() => setPhoneOpen(null)} />}
                        {note && (
                          <FormMessage tone={note.tone}>
                            {note.text}
                            {note.url && (
                              <>
                                {' '}
                                <Link href={cardsHref}>{t('admin.invite.printNew')}</Link>
                              </>
                            )}
                          </FormMessage>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              {former.length > 0 && (
                <details className="people-former" data-testid="people-former">
                  <summary>{peopleT('former', { count: former.length })}</summary>
                  <ul className="people-list">
                    {former.map((p) => (
                      <li key={p.id} className="people-list__item" data-testid="former-person">
                        <div className="person__who">
                          <span className="person-name">{p.status === 'erased' ? peopleT('erasedName') : p.displayName}</span>
                          <PersonStatus participant={p} />
                        </div>
                        {p.status === 'left' && (
                          <div className="button-row">
                            <button
                              type="button"
                              className="btn btn--danger-outline"
                              onClick={() => setChanging(p.id)}
                              data-testid="person-changes"
                            >
                              {peopleT('changes.erase')}
                            </button>
                          </div>
                        )}
                        {changing === p.id && changesOf(p)}
                        {notes[p.id] && <FormMessage tone={notes[p.id]!.tone}>{notes[p.id]!.text}</FormMessage>}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          );
        }}
      </Loaded>
      {action && (
        <ConfirmDialog
          title={t(`admin.invite.${action.kind}ConfirmTitle`, { name: action.participant.displayName })}
          body={t(`admin.invite.${action.kind}ConfirmBody`)}
          confirmLabel={t(`admin.invite.${action.kind}Yes`)}
          cancelLabel={t('staff.cancel')}
          onConfirm={() => void runAction()}
          onCancel={() => {
            setAction(null);
            setActionError(null);
          }}
          busy={busy}
          error={actionError}
        />
      )}
    </>
  );
}
