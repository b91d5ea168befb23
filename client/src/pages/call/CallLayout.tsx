import { lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CallClient } from '../../call/CallClient';
import { AudioUnlockBanner } from '../../features/call/AudioUnlockBanner';
import { CallStatusBar } from '../../features/call/CallStatusBar';
import { ControlBar } from '../../features/call/ControlBar';
import { MicOffNotice } from '../../features/call/MicOffNotice';
import { RemoteAudios } from '../../features/call/RemoteAudios';
import { ShownSizesProvider, useShownSizes } from '../../features/call/shownSizes';
import { fitLayersToScreen } from '../../call/shownLayers';
import { isTurnedOff, isUnavailable } from '../../call/localSource';
import type { CallSnapshot, SpatialLayer } from '../../call/types';
import { useWakeLock } from '../../call/useWakeLock';
import { LiveSlot } from '../../features/program/live/lazy';
import { liveVolumes } from '../../features/program/live/stage';

// Captions are rare: the band, its styles and its words are fetched with the first line, not with every call screen
// (the home page's weight until joined has a hard budget).
const CaptionBand = lazy(() => import('../../features/captions/CaptionBand').then((module) => ({ default: module.CaptionBand })));

export interface CallViewProps {
  client: CallClient;
  snapshot: CallSnapshot;
}

interface CallLayoutProps extends CallViewProps {
  side: 'home' | 'venue';
  /** The simulcast layer this screen's layout wants at most for each peer's video (lowered to the size it is shown at). */
  layers: Readonly<Record<string, SpatialLayer>>;
  /** Next to the gathering's title in the status bar (the venue's head count). */
  statusExtra?: ReactNode;
  /** Extra buttons before 退出 (the venue's 機器 and 集まりを終える). */
  controls?: ReactNode;
  leaveVariant?: 'danger' | 'neutral';
  /** What 退出 does (default: leave at once; at home the check-in may come first). */
  onLeave?: () => void;
  /** The speaker chosen for remote voices, if this side chooses one. */
  sinkId: string | null;
  /** The home's reactions: in the row of big buttons, between マイク/カメラ and 退出 (or just above them). */
  reactions?: ReactNode;
  /** Sheets and dialogs over the call. */
  overlays?: ReactNode;
  /** The stage: the pictures. */
  children: ReactNode;
}

/**
 * What both sides' call screens share: the status bar, the tap-to-hear banner, the microphone
 * reminder, the big buttons, everyone's voice, the screen kept awake and the layers asked for.
 */
export function CallLayout(props: CallLayoutProps) {
  const { client, snapshot, side, layers, statusExtra, controls, leaveVariant, onLeave, sinkId, reactions, overlays, children } = props;
  const [audioBlocked, setAudioBlocked] = useState(false);
  const onBlocked = useCallback(() => setAudioBlocked(true), []);
  useWakeLock(true);
  // Each picture at the layout's layer, or a lower one when it is shown small on this screen (call/shownLayers.ts).
  const [shownSizes, reportShownSize] = useShownSizes();
  const fitted = useMemo(() => {
    const roles = new Map(snapshot.peers.map((p) => [p.id, p.role]));
    return fitLayersToScreen(layers, shownSizes, (peerId) => roles.get(peerId));
  }, [layers, shownSizes, snapshot.peers]);
  useEffect(() => client.setDesiredLayers(fitted), [client, fitted]);
  const micMissing = isUnavailable(snapshot.mic);
  // Voices are lowered under the exercise video and, a little, around the leader in spotlight.
  const volumes = useMemo(() => liveVolumes(snapshot.live, snapshot.peers), [snapshot.live, snapshot.peers]);

  return (
    <div className={`call call--${side}`}>
      <CallStatusBar snapshot={snapshot}>
        <span className="call-status-bar__title">{snapshot.session?.title}</span>
        {statusExtra}
      </CallStatusBar>
      {audioBlocked && <AudioUnlockBanner onUnlocked={() => setAudioBlocked(false)} />}
      <ShownSizesProvider value={reportShownSize}>{children}</ShownSizesProvider>
      {snapshot.captions && (snapshot.captions.lines.length > 0 || snapshot.captions.interim !== null) && (
        <LiveSlot>
          <CaptionBand captions={snapshot.captions} />
        </LiveSlot>
      )}
      {(isTurnedOff(snapshot.mic) || micMissing) && <MicOffNotice missing={micMissing} byHost={snapshot.mutedByHost} />}
      <ControlBar
        client={client}
        snapshot={snapshot}
        onLeave={onLeave ?? (() => void client.leave())}
        leaveVariant={leaveVariant}
        middle={reactions}
      >
        {controls}
      </ControlBar>
      {overlays}
      <RemoteAudios peers={snapshot.peers} sinkId={sinkId} onBlocked={onBlocked} volumes={volumes} />
    </div>
  );
}
