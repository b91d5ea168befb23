import { useEffect, useRef, useState } from 'react';
import { LETTER_LIMITS } from '@shared/limits';
import { useLettersT } from '../../i18n/letters';
import { toCallError } from '../../lib/errors';
import { BigButton } from '../../ui/BigButton';
import { recordingType, RECORD_LIMIT_MS, sendMessage, startRecording, type MessageSender, type Recording } from './recorder';
import '../../styles/letters.css';

type Step =
  | { name: 'consent' }
  | { name: 'starting' }
  | { name: 'recording'; stream: MediaStream; recording: Recording; startedAt: number }
  | { name: 'preview'; blob: Blob; url: string }
  | { name: 'sending'; blob: Blob; url: string }
  | { name: 'sent' };

/**
 * Record a message of up to a minute: consent in plain words first, then the camera with a countdown, then the
 * recording to watch and send or record again. One obvious action on each step.
 */
/** `onSent`: after the server stored the message (the staff page then lists it). */
export function RecordMessage({ sender, onSent }: { sender: MessageSender; onSent?: () => void }) {
  const { t } = useLettersT();
  const [step, setStep] = useState<Step>({ name: 'consent' });
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const live = useRef<HTMLVideoElement>(null);
  const type = recordingType();

  useEffect(() => {
    if (step.name !== 'recording') return;
    if (live.current) live.current.srcObject = step.stream;
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, [step]);

  useEffect(() => () => stopTracks(step), [step]);

  const start = async () => {
    setProblem(null);
    if (!type) return setProblem(t('record.noRecorder'));
    setStep({ name: 'starting' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
    } catch {
      setProblem(t('record.noCamera'));
      return setStep({ name: 'consent' });
    }
    const recording = startRecording(stream, type);
    setStep({ name: 'recording', stream, recording, startedAt: Date.now() });
    setNow(Date.now());
    const blob = await recording.done;
    setStep({ name: 'preview', blob, url: URL.createObjectURL(blob) });
  };

  const send = async (blob: Blob, url: string) => {
    setStep({ name: 'sending', blob, url });
    try {
      await sendMessage(sender, blob);
      URL.revokeObjectURL(url);
      setStep({ name: 'sent' });
      onSent?.();
    } catch (error) {
      const code = toCallError(error, 'NETWORK');
      const field = code.field;
      setProblem(
        code.code === 'TOO_LARGE'
          ? field === 'duration'
            ? t('record.tooLong')
            : t('record.tooBig')
          : code.code === 'UNSUPPORTED_TYPE'
            ? t('record.notVideo')
            : t('record.failed'),
      );
      setStep({ name: 'preview', blob, url });
    }
  };

  const discard = (url: string) => {
    URL.revokeObjectURL(url);
    setProblem(null);
    setStep({ name: 'consent' });
  };

  return (
    <div className="letter-recorder" data-testid="letter-recorder" data-step={step.name}>
      {problem && (
        <p className="letter-recorder__problem" role="alert" data-testid="record-problem">
          {problem}
        </p>
      )}
      {(step.name === 'consent' || step.name === 'starting') && (
        <>
          <p className="letter-recorder__consent" data-testid="consent-text">
            {LETTER_LIMITS.consentText}
          </p>
          <BigButton
            label={step.name === 'starting' ? t('record.starting') : t('record.consentAgree')}
            variant="primary"
            size="huge"
            disabled={step.name === 'starting'}
            onClick={() => void start()}
            data-testid="record-start"
          />
        </>
      )}
      {step.name === 'recording' && (
        <>
          <p className="letter-recorder__countdown" aria-live="polite" data-testid="record-countdown">
            <span className="letter-recorder__nowrap">
              <span className="letter-recorder__dot" aria-hidden="true" /> {t('record.recording')}
            </span>{' '}
            <span className="letter-recorder__nowrap">
              {t('record.secondsLeft', { seconds: Math.max(0, Math.ceil((RECORD_LIMIT_MS - (now - step.startedAt)) / 1000)) })}
            </span>
          </p>
          <video ref={live} className="letter-recorder__video" autoPlay muted playsInline />
          <BigButton
            label={t('record.stop')}
            variant="danger"
            size="huge"
            onClick={() => step.recording.stop()}
            data-testid="record-stop"
          />
        </>
      )}
      {(step.name === 'preview' || step.name === 'sending') && (
        <>
          <h2 className="letter-recorder__title">{t('record.previewTitle')}</h2>
          <video className="letter-recorder__video" src={step.url} controls playsInline data-testid="record-preview" />
          <BigButton
            label={step.name === 'sending' ? t('record.sending') : t('record.send')}
            variant="primary"
            size="huge"
            disabled={step.name === 'sending'}
            onClick={() => void send(step.blob, step.url)}
            data-testid="record-send"
          />
          <button
            type="button"
            className="letter-recorder__secondary"
            disabled={step.name === 'sending'}
            onClick={() => discard(step.url)}
            data-testid="record-discard"
          >
            {t('record.discard')}
          </button>
        </>
      )}
      {step.name === 'sent' && (
        <>
          <h2 className="letter-recorder__title" data-testid="record-sent">
            {t('record.sentTitle')}
          </h2>
          <p className="letter-recorder__text">{t('record.sentBody')}</p>
          <button
            type="button"
            className="letter-recorder__secondary"
            onClick={() => setStep({ name: 'consent' })}
            data-testid="record-again"
          >
            {t('record.again')}
          </button>
        </>
      )}
    </div>
  );
}

function stopTracks(step: Step): void {
  if (step.name === 'recording') for (const track of step.stream.getTracks()) track.stop();
}
