import type { LiveReaction } from '../../../call/CallClient';
import { useLiveT } from '../../../i18n/program/live';
import './live.css';

const EMOJI = { clap: '👏', thumbsUp: '👍' } as const;

/** The 👏 and 👍 of the last few seconds, large over the picture, with who sent them. */
export function ReactionFloat({ reactions }: { reactions: readonly LiveReaction[] }) {
  const { t } = useLiveT();
  if (reactions.length === 0) return null;
  return (
    <ul className="reaction-float" aria-live="polite" data-testid="reaction-float">
      {reactions.slice(-8).map((r) => (
        <li key={r.id} className="reaction-float__item" data-testid="reaction" data-kind={r.kind} data-peer-id={r.peerId}>
          <span className="reaction-float__emoji" aria-hidden="true">
            {EMOJI[r.kind]}
          </span>
          <span className="reaction-float__name">
            {r.displayName}
            <span className="visually-hidden">{r.kind === 'clap' ? t('reactions.clap') : t('reactions.thumbsUp')}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
