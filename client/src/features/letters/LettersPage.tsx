import i18next from 'i18next';
import { useCallback, useEffect, useState } from 'react';
import { letterRoutes } from '@shared/letters/routes';
import type { Letter, LetterLink, LetterMessage, LetterPart } from '@shared/letters/schemas';
import { LETTER_LIMITS } from '@shared/limits';
import { programRoutes } from '@shared/program/routes';
import type { ExerciseVideo } from '@shared/program/videos';
import { venueRoutes } from '@shared/venues/routes';
import type { Participant } from '@shared/venues/schemas';
import { useLettersT } from '../../i18n/letters';
import { apiCall } from '../../lib/api';
import { formatJapanDay } from '../../lib/staffFormat';
import { useResource } from '../../lib/useResource';
import { errorText } from '../../ui/errorText';
import { FormMessage, TextField } from '../../ui/form';
import { Link } from '../../ui/Link';
import { StaffLayout } from '../../ui/staff/StaffLayout';
import { Loaded, Section } from '../../ui/staff/pageParts';
import { useSignedInUser } from '../auth';
import { RecordMessage } from './RecordMessage';
import '../../styles/letters.css';

interface PageData {
  messages: LetterMessage[];
  letters: Letter[];
  videos: ExerciseVideo[];
  people: Participant[];
}

/**
 * `/admin/venues/:venueId/letters`: the venue's video letters. Messages that came in (and recording one from the
 * venue), a letter put together from them and library videos, made into one video with a progress bar, then shared
 * by personal links, QR cards and the venue's TV.
 */
export default function LettersPage({ venueId }: { venueId: string }) {
  const { t } = useLettersT();
  const { organisationId } = useSignedInUser();
  const load = useCallback(
    async (signal: AbortSignal): Promise<PageData> => {
      const [messages, letters, videos, people] = await Promise.all([
        apiCall(letterRoutes.messages, { params: { venueId }, signal }),
        apiCall(letterRoutes.letters, { params: { venueId }, signal }),
        apiCall(programRoutes.videos, { params: { organisationId }, signal }),
        apiCall(venueRoutes.participants, { params: { venueId }, signal }),
      ]);
      return { messages: messages.messages, letters: letters.letters, videos: videos.videos, people };
    },
    [venueId, organisationId],
  );
  const [data, reload] = useResource(`letters:${venueId}`, load);
  return (
    <StaffLayout size="desktop" current={null} testId="letters-page">
      <nav className="breadcrumbs">
        <Link href="/host">{t('staff.back')}</Link>
      </nav>
      <h1 className="staff-title">{t('staff.title')}</h1>
      <Loaded resource={data} reload={reload}>
        {(d) => <LettersContent venueId={venueId} data={d} reload={reload} />}
      </Loaded>
    </StaffLayout>
  );
}

function LettersContent({ venueId, data, reload }: { venueId: string; data: PageData; reload: () => void }) {
  const { t } = useLettersT();
  const [parts, setParts] = useState<LetterPart[]>([]);
  const [recording, setRecording] = useState(false);
  const nameOfPart = (part: LetterPart) =>
    part.kind === 'message'
      ? (data.messages.find((m) => m.id === part.messageId)?.authorName ?? '?')
      : `${t('staff.video')}: ${data.videos.find((v) => v.id === part.videoId)?.title ?? '?'}`;
  return (
    <>
      <Section title={t('staff.messages')} testId="letter-messages">
        {data.messages.length === 0 ? (
          <p>{t('staff.noMessages')}</p>
        ) : (
          <ul className="letter-list">
            {data.messages.map((m) => (
              <li key={m.id} className="letter-list__item" data-testid="letter-message">
                <video
                  className="letter-list__video"
                  src={`/api/letter-messages/${encodeURIComponent(m.id)}/file`}
                  preload="none"
                  controls
                  playsInline
                />
                <span>
                  {m.authorName}（{t('staff.seconds', { seconds: Math.round(m.durationMs / 1000) })}）
                </span>
                <button
                  type="button"
                  className="btn"
                  onClick={() => setParts([...parts, { kind: 'message', messageId: m.id }])}
                  data-testid="add-message"
                >
                  {t('staff.add')}
                </button>
              </li>
            ))}
          </ul>
        )}
        {recording ? (
          <RecordMessage sender={{ venueId }} onSent={reload} />
        ) : (
          <button type="button" className="btn" onClick={() => setRecording(true)} data-testid="record-from-venue">
            {t('staff.fromVenue')}
          </button>
        )}
      </Section>
      <Compose venueId={venueId} videos={data.videos} parts={parts} setParts={setParts} nameOfPart={nameOfPart} onSaved={reload} />
      <Section title={t('staff.letters')} testId="letters">
        {data.letters.length === 0 ? (
          <p>{t('staff.noLetters')}</p>
        ) : (
          <ul className="letter-list">
            {data.letters.map((letter) => (
              <LetterItem key={letter.id} initial={letter} people={data.people} />
            ))}
          </ul>
        )}
      </Section>
      <Retention />
    </>
  );
}

function Compose(props: {
  venueId: string;
  videos: ExerciseVideo[];
  parts: LetterPart[];
  setParts: (parts: LetterPart[]) => void;
  nameOfPart: (part: LetterPart) => string;
  onSaved: () => void;
}) {
  const { t } = useLettersT();
  const { parts, setParts } = props;
  const [title, setTitle] = useState('');
  const [videoId, setVideoId] = useState(props.videos[0]?.id ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const move = (from: number, to: number) => {
    const next = [...parts];
    const [part] = next.splice(from, 1);
    next.splice(to, 0, part!);
    setParts(next);
  };
  const save = async () => {
    setProblem(null);
    try {
      await apiCall(letterRoutes.createLetter, { params: { venueId: props.venueId }, body: { title, parts } });
      setParts([]);
      setTitle('');
      props.onSaved();
    } catch (error) {
      setProblem(errorText(i18next.t, error));
    }
  };
  return (
    <Section title={t('staff.compose')} testId="letter-compose">
      <TextField
        label={t('staff.letterTitle')}
        value={title}
        onChange={setTitle}
        maxLength={LETTER_LIMITS.title}
        data-testid="letter-title"
      />
      <h3>{t('staff.parts')}</h3>
      {parts.length === 0 ? (
        <p>{t('staff.noParts')}</p>
      ) : (
        <ol className="letter-list" data-testid="letter-parts">
          {parts.map((part, i) => (
            <li key={`${i}-${part.kind}`} className="letter-list__item">
              <span>{props.nameOfPart(part)}</span>
              <button type="button" className="btn" disabled={i === 0} onClick={() => move(i, i - 1)}>
                {t('staff.up')}
              </button>
              <button type="button" className="btn" disabled={i === parts.length - 1} onClick={() => move(i, i + 1)}>
                {t('staff.down')}
              </button>
              <button type="button" className="btn" onClick={() => setParts(parts.filter((_, j) => j !== i))}>
                {t('staff.take')}
              </button>
            </li>
          ))}
        </ol>
      )}
      {props.videos.length > 0 && (
        <div className="button-row">
          <select
            className="letter-select"
            value={videoId}
            onChange={(e) => setVideoId(e.target.value)}
            aria-label={t('staff.video')}
            data-testid="video-choice"
          >
            {props.videos.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title}
              </option>
            ))}
          </select>
          <button type="button" className="btn" onClick={() => setParts([...parts, { kind: 'video', videoId }])} data-testid="add-video">
            {t('staff.addVideo')}
          </button>
        </div>
      )}
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      <button
        type="button"
        className="btn btn--primary btn--large"
        disabled={!title.trim()}
        onClick={() => void save()}
        data-testid="save-letter"
      >
        {t('staff.save')}
      </button>
    </Section>
  );
}

function LetterItem({ initial, people }: { initial: Letter; people: Participant[] }) {
  const { t, i18n } = useLettersT();
  const [letter, setLetter] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [links, setLinks] = useState<LetterLink[] | null>(null);
  const busy = letter.status === 'queued' || letter.status === 'rendering';
  useEffect(() => {
    if (!busy) return;
    const poll = setInterval(() => {
      apiCall(letterRoutes.letter, { params: { letterId: letter.id } }).then(setLetter, (error: unknown) =>
        setProblem(errorText(i18next.t, error)),
      );
    }, 1000);
    return () => clearInterval(poll);
  }, [busy, letter.id, t]);
  useEffect(() => {
    if (letter.status !== 'ready') return;
    apiCall(letterRoutes.letterLinks, { params: { letterId: letter.id } }).then(
      (list) => setLinks(list.links),
      () => setLinks([]),
    );
  }, [letter.status, letter.id]);
  const render = async () => {
    setProblem(null);
    try {
      setLetter(await apiCall(letterRoutes.renderLetter, { params: { letterId: letter.id } }));
    } catch (error) {
      setProblem(errorText(i18next.t, error));
    }
  };
  const venueLink = links?.find((l) => l.participantId === null);
  return (
    <li className="letter-list__item" data-testid="letter" data-status={letter.status}>
      <div style={{ flexBasis: '100%' }}>
        <strong>{letter.title}</strong> — <span data-testid="letter-status">{t(`staff.status.${letter.status}`)}</span>
        {letter.status === 'ready' && <> · {t('staff.views', { count: letter.views })}</>}
      </div>
      {busy && <progress className="letter-progress" max={1} value={letter.progress} data-testid="letter-progress" />}
      {letter.status === 'failed' && letter.error && <FormMessage tone="error">{letter.error}</FormMessage>}
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      {(letter.status === 'draft' || letter.status === 'failed') && (
        <button type="button" className="btn btn--primary" onClick={() => void render()} data-testid="render-letter">
          {letter.status === 'failed' ? t('staff.retry') : t('staff.render')}
        </button>
      )}
      {letter.status === 'ready' && (
        <>
          <video
            className="letter-list__video"
            src={`/api/letters/${encodeURIComponent(letter.id)}/file`}
            controls
            preload="none"
            playsInline
          />
          <Share letter={letter} people={people} onShared={(added) => setLinks([...(links ?? []), ...added])} />
          {links && links.length > 0 && (
            <div className="button-row" style={{ flexBasis: '100%' }}>
              <Link className="btn" href={`/admin/letters/${encodeURIComponent(letter.id)}/cards`} data-testid="letter-cards-link">
                {t('staff.cards')}
              </Link>
              {venueLink && (
                <a className="btn" href={new URL(venueLink.url).pathname} target="_blank" rel="noreferrer" data-testid="letter-on-tv">
                  {t('staff.onTv')}
                </a>
              )}
              <span>
                {t('staff.links')}: {links.length}（
                {t('staff.expires', { date: formatJapanDay(links[links.length - 1]!.expiresAt, i18n.language) })}）
              </span>
            </div>
          )}
        </>
      )}
    </li>
  );
}

function Share({ letter, people, onShared }: { letter: Letter; people: Participant[]; onShared: (links: LetterLink[]) => void }) {
  const { t } = useLettersT();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [venue, setVenue] = useState(true);
  const [days, setDays] = useState(String(LETTER_LIMITS.defaultLinkDays));
  const [problem, setProblem] = useState<string | null>(null);
  const active = people.filter((p) => p.status === 'active' || p.status === 'paused');
  const share = async () => {
    setProblem(null);
    try {
      const { links } = await apiCall(letterRoutes.shareLetter, {
        params: { letterId: letter.id },
        body: { participantIds: [...chosen], venue, days: Number(days) },
      });
      setChosen(new Set());
      onShared(links);
    } catch (error) {
      setProblem(errorText(i18next.t, error));
    }
  };
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  return (
    <fieldset style={{ flexBasis: '100%' }} data-testid="letter-share">
      <legend>{t('staff.shareWho')}</legend>
      <label className="form-check">
        <input type="checkbox" checked={venue} onChange={(e) => setVenue(e.target.checked)} /> {t('staff.shareVenue')}
      </label>
      {active.map((p) => (
        <label key={p.id} className="form-check">
          <input type="checkbox" checked={chosen.has(p.id)} onChange={() => toggle(p.id)} data-testid="share-person" /> {p.displayName}
        </label>
      ))}
      <TextField
        label={t('staff.days')}
        type="number"
        min={LETTER_LIMITS.minLinkDays}
        max={LETTER_LIMITS.maxLinkDays}
        value={days}
        onChange={setDays}
      />
      {problem && <FormMessage tone="error">{problem}</FormMessage>}
      <button type="button" className="btn btn--primary" onClick={() => void share()} data-testid="share-letter">
        {t('staff.makeLinks')}
      </button>
    </fieldset>
  );
}

function Retention() {
  const { t } = useLettersT();
  const { organisationId, role } = useSignedInUser();
  const [days, setDays] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  useEffect(() => {
    apiCall(letterRoutes.retention, { params: { organisationId } }).then(
      (r) => setDays(String(r.days)),
      () => setDays(null),
    );
  }, [organisationId]);
  if (days === null) return null;
  const save = async () => {
    try {
      await apiCall(letterRoutes.saveRetention, { params: { organisationId }, body: { days: Number(days) } });
      setMessage({ tone: 'ok', text: t('staff.saved') });
    } catch (error) {
      setMessage({ tone: 'error', text: errorText(i18next.t, error) });
    }
  };
  return (
    <Section title={t('staff.retention')} testId="letter-retention">
      <TextField
        label={t('staff.retention')}
        hint={t('staff.retentionHint')}
        type="number"
        min={LETTER_LIMITS.minRetentionDays}
        max={LETTER_LIMITS.maxRetentionDays}
        value={days}
        onChange={setDays}
        disabled={role !== 'organiser'}
        data-testid="retention-days"
      />
      {message && <FormMessage tone={message.tone}>{message.text}</FormMessage>}
      {role === 'organiser' && (
        <button type="button" className="btn" onClick={() => void save()} data-testid="retention-save">
          {t('staff.retentionSave')}
        </button>
      )}
    </Section>
  );
}
