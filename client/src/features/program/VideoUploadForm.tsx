import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExerciseVideo } from '@shared/program/videos';
import { useProgramT } from '../../i18n/program';
import { toCallError } from '../../lib/errors';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { FieldError } from './FieldError';
import { formatBytes } from './formatBytes';
import { VIDEO_LIMITS } from './limits';
import { uploadVideo, videoFileProblem, type UploadHandle } from './uploadVideo';

type Message = { tone: 'ok' | 'error'; text: string };

/**
 * A title and a file. The file's type and size are checked here first, so a wrong file never starts
 * an upload; then the file itself is sent with a big progress bar. The server checks both again.
 */
export function VideoUploadForm({ organisationId, onUploaded }: { organisationId: string; onUploaded: (video: ExerciseVideo) => void }) {
  const { t, i18n } = useProgramT();
  const main = useTranslation().t;
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [titleError, setTitleError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const upload = useRef<UploadHandle | null>(null);
  useEffect(() => () => upload.current?.cancel(), []);
  const max = formatBytes(VIDEO_LIMITS.maxBytes, i18n.language);

  const choose = (chosen: File | null) => {
    setMessage(null);
    setFileError(null);
    setFile(null);
    if (!chosen) return;
    const problem = videoFileProblem(chosen);
    if (problem) {
      setFileError(
        problem === 'wrongType' ? t('videos.wrongType') : t('videos.tooLarge', { size: formatBytes(chosen.size, i18n.language), max }),
      );
      return;
    }
    setFile(chosen);
    if (!title.trim()) setTitle(chosen.name.replace(/\.[^.]+$/, '').slice(0, VIDEO_LIMITS.titleMax));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missingTitle = title.trim() ? null : t('videos.needTitle');
    const missingFile = file ? null : (fileError ?? t('videos.needFile'));
    setTitleError(missingTitle);
    setFileError(missingFile);
    if (missingTitle || missingFile || !file) return;
    setMessage(null);
    setProgress(0);
    try {
      upload.current = uploadVideo(organisationId, title.trim(), file, setProgress);
      const video = await upload.current.done;
      setMessage({ tone: 'ok', text: t('videos.uploaded', { title: video.title }) });
      setTitle('');
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      onUploaded(video);
    } catch (error) {
      const callError = toCallError(error);
      if (callError.code === 'UNSUPPORTED_TYPE') setFileError(t('videos.wrongType'));
      else if (callError.code === 'TOO_LARGE') setFileError(t('videos.tooLarge', { size: formatBytes(file.size, i18n.language), max }));
      else if (callError.code === 'INVALID_PAYLOAD' && callError.field?.includes('title')) setTitleError(t('videos.needTitle'));
      else setMessage({ tone: 'error', text: callError.code === 'NETWORK' ? t('videos.failed') : errorText(main, error) });
    } finally {
      upload.current = null;
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <form className="staff-form video-upload" onSubmit={(e) => void submit(e)} noValidate data-testid="video-upload">
      <TextField
        label={t('videos.title')}
        hint={t('videos.titleHint')}
        value={title}
        onChange={(value) => {
          setTitle(value);
          setTitleError(null);
        }}
        error={titleError}
        maxLength={VIDEO_LIMITS.titleMax}
        disabled={busy}
        data-testid="video-title"
      />
      <div className={`form-field${fileError ? ' form-field--error' : ''}`}>
        <label className="form-field__label" htmlFor="video-file">
          {t('videos.file')}
        </label>
        <span className="form-field__hint">{t('videos.fileHint', { max })}</span>
        <input
          ref={fileInput}
          id="video-file"
          className="video-upload__file"
          type="file"
          accept={VIDEO_LIMITS.mimeTypes.join(',')}
          onChange={(e) => choose(e.target.files?.[0] ?? null)}
          disabled={busy}
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? 'video-file-error' : undefined}
          data-testid="video-file"
        />
        {file && (
          <span className="video-upload__chosen">
            {t('videos.chosen', { name: file.name, size: formatBytes(file.size, i18n.language) })}
          </span>
        )}
        {fileError && <FieldError id="video-file-error" text={fileError} />}
      </div>
      {progress !== null && (
        <div className="video-upload__progress" data-testid="video-progress">
          <progress className="video-upload__bar" max={1} value={progress} aria-label={t('videos.progressLabel')} />
          <span className="video-upload__percent" role="status">
            {t('videos.uploading', { percent: Math.round(progress * 100) })}
          </span>
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="btn btn--primary btn--large" disabled={busy} data-testid="video-upload-submit">
          {t('videos.upload')}
        </button>
      </div>
      {message && (
        <FormMessage tone={message.tone} testId={message.tone === 'ok' ? 'video-message' : 'video-error'}>
          {message.text}
        </FormMessage>
      )}
    </form>
  );
}
