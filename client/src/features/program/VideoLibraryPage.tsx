import { useCallback, useState } from 'react';
import type { ExerciseVideo } from '@shared/program/videos';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useProgramT } from '../../i18n/program';
import { useResource } from '../../lib/useResource';
import { formatJapanDay } from '../../lib/staffFormat';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../ui/staff/pageParts';
import { useSignedInUser } from '../auth';
import { FormMessage } from '../../ui/form';
import { routeUrl } from '@shared/http/routes';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../lib/api';
import { formatBytes } from './formatBytes';
import { useConfirmedDelete } from './useConfirmedDelete';
import { usePageTitle } from './usePageTitle';
import { VideoUploadForm } from './VideoUploadForm';
import './program.css';

/** `/admin/videos`: the organisation's exercise videos. Organisers add and delete; hosts see the list. */
export default function VideoLibraryPage() {
  const { t } = useProgramT();
  usePageTitle(t('titles.videos'));
  const { organisationId, role } = useSignedInUser();
  const canEdit = role === 'organiser';
  const load = useCallback(
    (signal: AbortSignal) => apiCall(programRoutes.videos, { params: { organisationId }, signal }).then((list) => list.videos),
    [organisationId],
  );
  const [videos, reload] = useResource(`videos:${organisationId}`, load);
  return (
    <StaffLayout size="tablet" current="videos" testId="videos-page">
      <h1 className="staff-title">{t('titles.videos')}</h1>
      <p className="staff-lead">{t('videos.lead')}</p>
      <Loaded resource={videos} reload={reload}>
        {(list) => <VideoLibrary organisationId={organisationId} initial={list} canEdit={canEdit} />}
      </Loaded>
    </StaffLayout>
  );
}

/** The upload form (organisers) and the list, kept here as videos are added and deleted (no reload, so messages stay). */
function VideoLibrary({ organisationId, initial, canEdit }: { organisationId: string; initial: ExerciseVideo[]; canEdit: boolean }) {
  const { t } = useProgramT();
  const [videos, setVideos] = useState(initial);
  return (
    <>
      {canEdit ? (
        <Section id="video-upload" title={t('videos.uploadTitle')}>
          <VideoUploadForm organisationId={organisationId} onUploaded={(video) => setVideos((list) => [video, ...list])} />
        </Section>
      ) : (
        <p className="staff-note" data-testid="videos-read-only">
          {t('videos.readOnly')}
        </p>
      )}
      <Section id="video-list" title={t('videos.listTitle')}>
        <VideoList videos={videos} canDelete={canEdit} onDeleted={(id) => setVideos((list) => list.filter((v) => v.id !== id))} />
      </Section>
    </>
  );
}

function VideoList({
  videos,
  canDelete,
  onDeleted,
}: {
  videos: ExerciseVideo[];
  canDelete: boolean;
  onDeleted: (videoId: string) => void;
}) {
  const { t, i18n } = useProgramT();
  const { deleting, removed, ask, dialogProps } = useConfirmedDelete<ExerciseVideo>(
    (videoId) => apiCall(programRoutes.deleteVideo, { params: { videoId } }),
    onDeleted,
  );
  return (
    <>
      {removed && <FormMessage tone="ok">{t('videos.removed')}</FormMessage>}
      {videos.length === 0 ? (
        <p data-testid="videos-empty">{t('videos.none')}</p>
      ) : (
        <ul className="plain-list video-list" data-testid="video-list">
          {videos.map((video) => (
            <li key={video.id} className="video-list__item" data-testid="video-item" data-video-id={video.id}>
              <video
                className="video-list__preview"
                src={routeUrl(programRoutes.videoFile, { params: { videoId: video.id } })}
                preload="metadata"
                controls
                playsInline
              />
              <div className="video-list__text">
                <span className="video-list__title" data-testid="video-item-title">
                  {video.title}
                </span>
                <span>{t('videos.size', { size: formatBytes(video.sizeBytes, i18n.language) })}</span>
                <span>{t('videos.added', { date: formatJapanDay(video.createdAt, i18n.language) })}</span>
              </div>
              {canDelete && (
                <button type="button" className="btn btn--danger-outline" onClick={() => ask(video)} data-testid="video-delete">
                  {t('videos.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {deleting && (
        <ConfirmDialog
          title={t('videos.removeTitle', { title: deleting.title })}
          body={t('videos.removeBody')}
          confirmLabel={t('videos.removeYes')}
          {...dialogProps}
        />
      )}
    </>
  );
}
