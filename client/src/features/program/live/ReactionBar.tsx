import type { ReactionKind } from '@shared/program/live';
import type { CallClient } from '../../../call/CallClient';
import { useLiveT } from '../../../i18n/program/live';
import { logFailure } from '../../../lib/log';
import './live.css';

interface ReactionBarProps {
  client: CallClient;
  handRaised: boolean;
}

/** Big buttons to show how you feel without speaking: 👏 拍手, 👍 いいね, ✋ 手をあげる/さげる. */
export function ReactionBar({ client, handRaised }: ReactionBarProps) {
  const { t } = useLiveT();
  const react = (kind: ReactionKind) => void client.live.react(kind).catch(logFailure(`reaction ${kind}`));
  const toggleHand = () => void client.live.setHand(!handRaised).catch(logFailure('raising the hand'));
  return (
    <nav className="reaction-bar" aria-label={t('reactions.label')}>
      <button type="button" className="reaction-button" onClick={() => react('clap')} data-testid="react-clap">
        <span className="reaction-button__emoji" aria-hidden="true">
          👏
        </span>
        {t('reactions.clap')}
      </button>
      <button type="button" className="reaction-button" onClick={() => react('thumbsUp')} data-testid="react-thumbs">
        <span className="reaction-button__emoji" aria-hidden="true">
          👍
        </span>
        {t('reactions.thumbsUp')}
      </button>
      <button
        type="button"
        className={handRaised ? 'reaction-button reaction-button--hand reaction-button--on' : 'reaction-button reaction-button--hand'}
        aria-pressed={handRaised}
        onClick={toggleHand}
        data-testid="raise-hand"
      >
        <span className="reaction-button__emoji" aria-hidden="true">
          ✋
        </span>
        {handRaised ? t('reactions.lowerHand') : t('reactions.raiseHand')}
      </button>
    </nav>
  );
}
