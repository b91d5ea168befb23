import type { LiveState } from '@shared/program/live';
import type { LiveReaction } from '../../../../call/CallClient';
import { useHostT } from './text';
import './host.css';

const REACTION_EMOJI: Record<LiveReaction['kind'], string> = { clap: '👏', thumbsUp: '👍' };

/** The host's list of raised hands, oldest first (the room sees ✋ on each person's own tile). */
export function HandsList({ hands }: { hands: LiveState['hands'] }) {
  const { t } = useHostT();
  if (hands.length === 0) return null;
  const oldestFirst = [...hands].sort((a, b) => a.raisedAt - b.raisedAt);
  return (
    <section className="host-section host-hands" aria-labelledby="hands-title" data-testid="hands-list">
      <h3 className="host-label" id="hands-title">
        {t('hands.title')}
      </h3>
      <ol className="host-hands__list">
        {oldestFirst.map((hand) => (
          <li key={hand.peerId} className="host-hands__item" data-peer-id={hand.peerId}>
            <span aria-hidden="true">✋</span> {t('hands.item', { name: hand.displayName })}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** 👏 〇〇さん for a few seconds after someone sends it (the CallClient keeps only the recent ones). */
export function ReactionOverlay({ reactions }: { reactions: readonly LiveReaction[] }) {
  const { t } = useHostT();
  if (reactions.length === 0) return null;
  return (
    <div className="stage-reactions" aria-live="polite" data-testid="reaction-overlay">
      {reactions.map((reaction) => (
        <p key={reaction.id} className="stage-reactions__item" data-kind={reaction.kind} data-peer-id={reaction.peerId}>
          <span className="stage-reactions__emoji" aria-hidden="true">
            {REACTION_EMOJI[reaction.kind]}
          </span>
          {t(`reaction.${reaction.kind}`, { name: reaction.displayName })}
        </p>
      ))}
    </div>
  );
}
