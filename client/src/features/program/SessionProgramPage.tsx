import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Program, SegmentInput } from '@shared/program/schemas';
import type { VenueSessionInfo } from '@shared/sessions/schemas';
import { useProgramT } from '../../i18n/program';
import { useResource } from '../../lib/useResource';
import { formatSessionWhen } from '../../lib/staffFormat';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded } from '../../ui/staff/pageParts';
import { CheckboxField } from '../../ui/form';
import { programRoutes } from '@shared/program/routes';
import { sessionRoutes } from '@shared/sessions/routes';
import { apiCall } from '../../lib/api';
import { BackLink } from './BackLink';
import { ProgramEditor } from './ProgramEditor';
import { usePageTitle } from './usePageTitle';

type SessionProgram = { session: VenueSessionInfo; program: Program };

/** `/sessions/:sessionId/program`: a host or organiser makes the program of one gathering. */
export default function SessionProgramPage({ sessionId }: { sessionId: string }) {
  const { t } = useProgramT();
  usePageTitle(t('titles.builder'));
  const load = useCallback(
    async (signal: AbortSignal): Promise<SessionProgram> => {
      const [session, program] = await Promise.all([
        apiCall(sessionRoutes.session, { params: { sessionId }, signal }),
        apiCall(programRoutes.program, { params: { sessionId }, signal }),
      ]);
      return { session, program };
    },
    [sessionId],
  );
  const [data, reload] = useResource(`program:${sessionId}`, load);
  return (
    <StaffLayout size="tablet" current="host" testId="program-page">
      <Loaded resource={data} reload={reload}>
        {({ session, program }) => <SessionProgramEditor session={session} program={program} />}
      </Loaded>
    </StaffLayout>
  );
}

function SessionProgramEditor({ session, program }: SessionProgram) {
  const { t } = useProgramT();
  const main = useTranslation();
  const [source, setSource] = useState(program.source);
  const [useNextWeek, setUseNextWeek] = useState(true);
  const save = async (segments: SegmentInput[]) => {
    const saved = await apiCall(programRoutes.saveProgram, {
      params: { sessionId: session.id },
      body: { segments, saveAsTemplate: useNextWeek },
    });
    setSource(saved.source);
    return saved.segments;
  };
  return (
    <>
      <BackLink venueId={program.venueId} />
      <h1 className="staff-title">{t('titles.builder')}</h1>
      <p className="staff-lead">
        <strong>{session.title}</strong>
        <br />
        {t('builder.lead', { venue: session.venueName, when: formatSessionWhen(main.t, session, main.i18n.language) })}
      </p>
      <p className={`program-source program-source--${source}`} data-testid="program-source" data-source={source}>
        {t(`source.${source}`)}
      </p>
      <ProgramEditor
        initial={program.segments}
        venueId={program.venueId}
        save={save}
        options={
          <div data-testid="use-next-week">
            <CheckboxField
              label={t('editor.useNextWeek')}
              hint={t('editor.useNextWeekHint')}
              checked={useNextWeek}
              onChange={setUseNextWeek}
            />
          </div>
        }
      />
    </>
  );
}
