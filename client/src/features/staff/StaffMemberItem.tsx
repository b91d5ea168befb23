import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffAccessLink, StaffMember } from '@shared/staff/schemas';
import type { Venue } from '@shared/venues/schemas';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useStaffT } from '../../i18n/staff';
import { errorText } from '../../ui/errorText';
import { FormMessage } from '../../ui/form';
import { formatJapanClock } from '../../lib/staffFormat';
import { staffRoutes } from '@shared/staff/routes';
import { apiCall } from '../../lib/api';
import { AccessLinkPanel } from './AccessLinkPanel';
import { HostVenuesForm } from './HostVenuesForm';

type Note = { tone: 'ok' | 'error'; text: string };

interface StaffMemberItemProps {
  member: StaffMember;
  /** The organiser looking at the page: they cannot stop their own account. */
  isSelf: boolean;
  venues: Venue[];
}

/** One account: who, role, venues, 「ロック中」/「停止中」, and what the organiser can do about it. */
export function StaffMemberItem({ member: initial, isSelf, venues }: StaffMemberItemProps) {
  const { t, i18n } = useStaffT();
  const main = useTranslation().t;
  const [member, setMember] = useState(initial);
  const [note, setNote] = useState<Note | null>(null);
  const [busy, setBusy] = useState(false);
  const [editingVenues, setEditingVenues] = useState(false);
  const [confirmingStop, setConfirmingStop] = useState(false);
  const [confirmingReset, setConfirmingReset] = useState(false);
  const [link, setLink] = useState<StaffAccessLink | null>(null);

  const run = async (request: () => Promise<StaffMember>, done: string): Promise<void> => {
    setBusy(true);
    setNote(null);
    try {
      setMember(await request());
      setNote({ tone: 'ok', text: done });
    } catch (error) {
      setNote({ tone: 'error', text: errorText(main, error) });
    } finally {
      setBusy(false);
      setConfirmingStop(false);
      setConfirmingReset(false);
    }
  };

  const resetAccess = () =>
    run(async () => {
      const issued = await apiCall(staffRoutes.resetAccess, { params: { userId: member.id } });
      setLink(issued);
      return issued.member;
    }, t('resetNote'));

  const venueNames =
    member.role === 'organiser'
      ? t('allVenues')
      : venues
          .filter((v) => member.venueIds.includes(v.id))
          .map((v) => v.name)
          .join(main('staff.listSeparator')) || t('noVenues');

  return (
    <li className="people-list__item" data-testid="staff-member" data-user-id={member.id}>
      <div className="person">
        <div className="person__who">
          <span className="person-name">{member.displayName}</span>
          {isSelf && <span className="person-kana">{t('you')}</span>}
        </div>
        <dl className="person__facts">
          <div>
            <dt>{t('email')}</dt>
            <dd>{member.email}</dd>
          </div>
          <div>
            <dt>{t('role')}</dt>
            <dd>{main(`staff.roles.${member.role}`)}</dd>
          </div>
          <div>
            <dt>{t('venues')}</dt>
            <dd>{venueNames}</dd>
          </div>
          <div>
            <dt>{t('state')}</dt>
            <dd data-testid="staff-state">
              {!member.lockedUntil && !member.disabledAt && member.passwordSet && t('active')}
              {!member.passwordSet && !member.disabledAt && <span className="badge badge--warning">{t('passwordPending')}</span>}
              {member.lockedUntil && (
                <span className="badge badge--warning">{t('locked', { until: formatJapanClock(member.lockedUntil, i18n.language) })}</span>
              )}
              {member.disabledAt && <span className="badge badge--warning">{t('disabled')}</span>}
            </dd>
          </div>
        </dl>
      </div>
      <div className="button-row">
        {member.lockedUntil && (
          <button
            type="button"
            className="btn btn--primary"
            disabled={busy}
            onClick={() => void run(() => apiCall(staffRoutes.unlock, { params: { userId: member.id } }), t('unlocked'))}
            data-testid="unlock"
          >
            {t('unlock')}
          </button>
        )}
        {member.role === 'host' && (
          <button
            type="button"
            className="btn"
            disabled={busy || editingVenues}
            onClick={() => setEditingVenues(true)}
            data-testid="change-venues"
          >
            {t('changeVenues')}
          </button>
        )}
        {!isSelf && !member.disabledAt && (
          <button type="button" className="btn" disabled={busy} onClick={() => setConfirmingReset(true)} data-testid="reset-access">
            {t('resetAccess')}
          </button>
        )}
        {member.disabledAt ? (
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void run(() => apiCall(staffRoutes.enable, { params: { userId: member.id } }), t('enabledNote'))}
            data-testid="enable"
          >
            {t('enable')}
          </button>
        ) : (
          !isSelf && (
            <button
              type="button"
              className="btn btn--danger-outline"
              disabled={busy}
              onClick={() => setConfirmingStop(true)}
              data-testid="disable"
            >
              {t('disable')}
            </button>
          )
        )}
      </div>
      {editingVenues && (
        <HostVenuesForm
          member={member}
          venues={venues}
          onSaved={(saved) => {
            setMember(saved);
            setEditingVenues(false);
            setNote({ tone: 'ok', text: t('venuesSaved') });
          }}
          onCancel={() => setEditingVenues(false)}
        />
      )}
      {note && <FormMessage tone={note.tone}>{note.text}</FormMessage>}
      {link && <AccessLinkPanel link={link} onClose={() => setLink(null)} />}
      {confirmingReset && (
        <ConfirmDialog
          title={t('resetConfirmTitle', { name: member.displayName })}
          body={t('resetConfirmBody')}
          confirmLabel={t('resetYes')}
          cancelLabel={main('staff.cancel')}
          onConfirm={() => void resetAccess()}
          onCancel={() => setConfirmingReset(false)}
          busy={busy}
        />
      )}
      {confirmingStop && (
        <ConfirmDialog
          title={t('disableConfirmTitle', { name: member.displayName })}
          body={t('disableConfirmBody')}
          confirmLabel={t('disableYes')}
          cancelLabel={main('staff.cancel')}
          onConfirm={() => void run(() => apiCall(staffRoutes.disable, { params: { userId: member.id } }), t('disabledNote'))}
          onCancel={() => setConfirmingStop(false)}
          busy={busy}
        />
      )}
    </li>
  );
}
