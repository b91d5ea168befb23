import { useCallback } from 'react';
import type { ProgramTemplate, SegmentInput } from '../../../../shared/src/program/schemas';
import type { Venue } from '../../../../shared/src/venues/schemas';
import { useProgramT } from '../../i18n/program';
import { useResource } from '../../lib/useResource';
import { staffApi } from '../admin/api';
import { StaffLayout } from '../admin/StaffLayout';
import { Loaded } from '../admin/ui';
import { programApi } from './api';
import { BackLink } from './BackLink';
import { ProgramEditor } from './ProgramEditor';
import { usePageTitle } from './usePageTitle';

type VenueTemplate = { venue: Venue | null; template: ProgramTemplate };

/** `/admin/venues/:venueId/program`: the program every new gathering of a venue starts from. */
export default function VenueTemplatePage({ venueId }: { venueId: string }) {
  const { t } = useProgramT();
  usePageTitle(t('titles.template'));
  const load = useCallback(
    async (signal: AbortSignal): Promise<VenueTemplate> => {
      const [venues, template] = await Promise.all([staffApi.venues(signal), programApi.template(venueId, signal)]);
      return { venue: venues.find((v) => v.id === venueId) ?? null, template };
    },
    [venueId],
  );
  const [data, reload] = useResource(`program-template:${venueId}`, load);
  const save = async (segments: SegmentInput[]) => (await programApi.saveTemplate(venueId, segments)).segments;
  return (
    <StaffLayout size="tablet" current={null} testId="template-page">
      <BackLink venueId={venueId} />
      <h1 className="staff-title">{t('titles.template')}</h1>
      <Loaded resource={data} reload={reload}>
        {({ venue, template }) => (
          <>
            <p className="staff-lead">{t('builder.templateLead', { venue: venue?.name ?? '' })}</p>
            <ProgramEditor initial={template.segments} venueId={venueId} save={save} />
          </>
        )}
      </Loaded>
    </StaffLayout>
  );
}
