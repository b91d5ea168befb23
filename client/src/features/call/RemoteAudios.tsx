import type { RemotePeer } from '../../call/types';
import { RemoteAudio } from './RemoteAudio';

interface RemoteAudiosProps {
  peers: readonly RemotePeer[];
  sinkId: string | null;
  onBlocked: () => void;
  /** Volume per peer id (1 when not listed): voices are lowered under the exercise video (Web Audio gain on iPad/iPhone). */
  volumes?: Readonly<Record<string, number>>;
}

/** Everyone's voice, each in its own `<audio>` element (invisible). */
export function RemoteAudios({ peers, sinkId, onBlocked, volumes }: RemoteAudiosProps) {
  return (
    <div className="remote-audios" aria-hidden="true">
      {peers.map((peer) =>
        peer.audioTrack ? (
          <RemoteAudio
            key={peer.id}
            peerId={peer.id}
            track={peer.audioTrack}
            sinkId={sinkId}
            onBlocked={onBlocked}
            volume={volumes?.[peer.id] ?? 1}
          />
        ) : null,
      )}
    </div>
  );
}
