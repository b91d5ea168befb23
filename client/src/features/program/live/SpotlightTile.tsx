import { RemoteTile } from '../../call/RemoteTile';
import type { RemotePeer } from '../../../call/types';

interface SpotlightTileProps {
  peer: RemotePeer;
  speaking: boolean;
  label?: string;
}

/** The leader, large: the picture everyone follows during exercise. */
export function SpotlightTile({ peer, speaking, label }: SpotlightTileProps) {
  return (
    <div className="spotlight-tile" data-testid="spotlight-tile" data-peer-id={peer.id}>
      <RemoteTile peer={peer} speaking={speaking} label={label} fit="contain" size="large" />
    </div>
  );
}
