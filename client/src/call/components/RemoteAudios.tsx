import type { RemotePeer } from '../types';
import { RemoteAudio } from './RemoteAudio';

interface RemoteAudiosProps {
  peers: readonly RemotePeer[];
  sinkId: string | null;
  onBlocked: () => void;
}

/** Everyone's voice, each in its own `<audio>` element (invisible). */
export function RemoteAudios({ peers, sinkId, onBlocked }: RemoteAudiosProps) {
  return (
    <div className="remote-audios" aria-hidden="true">
      {peers.map((peer) =>
        peer.audioTrack ? (
          <RemoteAudio key={peer.id} peerId={peer.id} track={peer.audioTrack} sinkId={sinkId} onBlocked={onBlocked} />
        ) : null,
      )}
    </div>
  );
}
