import { useCallback } from 'react';
import { phoneRoutes } from '@shared/phone/routes';
import type { OrganisationPhoneLine } from '@shared/phone/schemas';
import { apiCall } from '../../lib/api';
import { useResource } from '../../lib/useResource';
import { Loaded } from '../../ui/staff/pageParts';
import { PhoneLineForm } from './PhoneLineForm';

/**
 * The organisation's one number (callers key in their 電話番号用の番号 and join their own venue's gathering), next to
 * the venue's own number; organisers only (the route is theirs).
 */
export function OrganisationPhoneLineSection() {
  const load = useCallback((signal: AbortSignal) => apiCall(phoneRoutes.organisationPhoneLine, { signal }), []);
  const [line, reload] = useResource<OrganisationPhoneLine>('phone-line:organisation', load);
  return (
    <Loaded resource={line} reload={reload}>
      {(current) => (
        <PhoneLineForm
          texts="organisation"
          saved={current.display ?? ''}
          save={(number) => apiCall(phoneRoutes.setOrganisationPhoneLine, { body: { number } })}
          testId="organisation-phone-line"
          inputTestId="organisation-phone-input"
        />
      )}
    </Loaded>
  );
}
