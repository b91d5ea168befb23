import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffAccessLink, StaffMember } from '@shared/staff/schemas';
import type { Venue } from '@shared/venues/schemas';
import { useStaffT } from '../../i18n/staff';
import { useResource } from '../../lib/useResource';
import { venueRoutes } from '@shared/venues/routes';
import { Link } from '../../ui/Link';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded } from '../../ui/staff/pageParts';
import { useSignedInUser } from '../auth';
import { usePageTitle } from '../program/usePageTitle';
import { staffRoutes } from '@shared/staff/routes';
import { apiCall } from '../../lib/api';
import { AccessLinkPanel } from './AccessLinkPanel';
import { AddStaffForm } from './AddStaffForm';
import { StaffMemberItem } from './StaffMemberItem';

/** `/admin/staff`: the organisation's organisers and hosts, their locks and stops, a host's venues. Organisers only. */
export default function StaffAccountsPage() {
  const { t } = useStaffT();
  const main = useTranslation().t;
  usePageTitle(t('title'));
  const me = useSignedInUser();
  const [members, reloadMembers] = useResource<StaffMember[]>('staff-accounts', (signal) => apiCall(staffRoutes.list, { signal }));
  const [venues, reloadVenues] = useResource<Venue[]>('venues', (signal) => apiCall(venueRoutes.list, { signal }));
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<StaffAccessLink | null>(null);
  return (
    <StaffLayout size="desktop" current="admin" testId="staff-accounts">
      <nav className="breadcrumbs" aria-label={main('staff.nav.label')}>
        <Link href="/admin">{main('admin.title')}</Link>
        <span aria-hidden="true"> › </span>
        <span aria-current="page">{t('title')}</span>
      </nav>
      <h1 className="staff-title">{t('title')}</h1>
      <p className="staff-lead">{t('lead')}</p>
      <Loaded resource={venues} reload={reloadVenues}>
        {(venueList) => (
          <>
            {added && <AccessLinkPanel link={added} onClose={() => setAdded(null)} />}
            {adding ? (
              <AddStaffForm
                venues={venueList}
                onAdded={(link) => {
                  setAdding(false);
                  setAdded(link);
                  reloadMembers();
                }}
                onCancel={() => setAdding(false)}
              />
            ) : (
              <div className="button-row">
                <button
                  type="button"
                  className="btn btn--primary"
                  onClick={() => {
                    setAdded(null);
                    setAdding(true);
                  }}
                  data-testid="add-staff"
                >
                  {t('add.open')}
                </button>
              </div>
            )}
            <Loaded resource={members} reload={reloadMembers}>
              {(list) =>
                list.length === 0 ? (
                  <p>{t('none')}</p>
                ) : (
                  <ul className="people-list" data-testid="staff-list">
                    {list.map((member) => (
                      <StaffMemberItem key={member.id} member={member} isSelf={member.id === me.id} venues={venueList} />
                    ))}
                  </ul>
                )
              }
            </Loaded>
          </>
        )}
      </Loaded>
    </StaffLayout>
  );
}
