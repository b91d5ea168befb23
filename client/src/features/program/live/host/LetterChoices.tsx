import { letterRoutes } from '@shared/letters/routes';
import type { Letter } from '@shared/letters/schemas';
import { programRoutes } from '@shared/program/routes';
import { apiCall } from '../../../../lib/api';
import { useResource } from '../../../../lib/useResource';
import { useHostT } from './text';

/** The venue's finished video letters (the session's program says which venue); nothing while they load or fail. */
export function useReadyLetters(sessionId: string): readonly Letter[] {
  const [letters] = useResource(`letters:${sessionId}`, async (signal) => {
    const program = await apiCall(programRoutes.program, { params: { sessionId }, signal });
    const list = await apiCall(letterRoutes.letters, { params: { venueId: program.venueId }, signal });
    return list.letters.filter((letter) => letter.status === 'ready');
  });
  return letters.status === 'ok' ? letters.data : [];
}

/** Video letters to show at the gathering: picked like a video, then ▶ plays it on every screen. */
export function LetterChoices({
  letters,
  chosen,
  onPick,
}: {
  letters: readonly Letter[];
  chosen: string | null;
  onPick: (id: string) => void;
}) {
  const { t } = useHostT();
  if (letters.length === 0) return null;
  return (
    <>
      <h3 className="host-heading">{t('video.letters')}</h3>
      <div className="host-list" role="radiogroup" aria-label={t('video.letters')}>
        {letters.map((letter) => (
          <button
            key={letter.id}
            type="button"
            role="radio"
            aria-checked={letter.id === chosen}
            className="host-choice host-choice--wide"
            onClick={() => onPick(letter.id)}
            data-testid="letter-pick"
            data-letter-id={letter.id}
          >
            <span>✉ {letter.title}</span>
          </button>
        ))}
      </div>
    </>
  );
}
