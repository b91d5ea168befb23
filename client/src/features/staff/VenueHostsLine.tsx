import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffRoutes } from '@shared/staff/routes';
import { useStaffT } from '../../i18n/staff';
import { apiCall } from '../../lib/api';
import { logFailure } from '../../lib/log';

/** 「この会場の世話役：田中 花子、佐藤 一郎」: who hosts a venue, names only. Says nothing while loading or if it fails. */
export function VenueHostsLine({ venueId }: { venueId: string }) {
  const { t } = useStaffT();
  const main = useTranslation().t;
  const [names, setNames] = useState<string[] | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    apiCall(staffRoutes.venueHosts, { params: { venueId }, signal: controller.signal }).then(
      (hosts) => setNames(hosts.map((h) => h.displayName)),
      (error: unknown) => {
        if (!controller.signal.aborted) logFailure('loading the hosts of a venue')(error);
      },
    );
    return () => controller.abort();
  }, [venueId]);
  if (names === null) return null;
  return (
    <p className="host-venue__hosts" data-testid="venue-hosts">
      <span className="host-venue__hosts-label">{t('coHostsTitle')}</span>
      {names.length > 0 ? names.join(main('staff.listSeparator')) : t('coHostsNone')}
    </p>
  );
}
