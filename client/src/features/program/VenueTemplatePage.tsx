import type { SegmentInput } from '@shared/program/schemas';
import { useProgramT } from '../../i18n/program';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded } from '../../ui/staff/pageParts';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../lib/api';
import { BackLink } from './BackLink';
import { ProgramEditor } from './ProgramEditor';
import { usePageTitle } from './usePageTitle';
import { useVenueResource } from './useVenueResource';

/** `/admin/venues/:venueId/program`: the program every new gathering of a venue starts from. */
export default function VenueTemplatePage({ venueId }: { venueId: string }) {
  const { t } = useProgramT();
  usePageTitle(t('titles.template'));
  const [data, reload] = useVenueResource('program-template', venueId, (venueId, signal) =>
    apiCall(programRoutes.template, { params: { venueId }, signal }),
  );
  const save = async (segments: SegmentInput[]) =>
    (await apiCall(programRoutes.saveTemplate, { params: { venueId }, body: { segments } })).segments;
  return (
    <StaffLayout size="tablet" current={null} testId="template-page">
      <BackLink venueId={venueId} />
      <h1 className="staff-title">{t('titles.template')}</h1>
      <Loaded resource={data} reload={reload}>
        {({ venue, content: template }) => (
          <>
            <p className="staff-lead">{t('builder.templateLead', { venue: venue?.name ?? '' })}</p>
            <ProgramEditor initial={template.segments} venueId={venueId} save={save} />
          </>
        )}
      </Loaded>
    </StaffLayout>
  );
}
