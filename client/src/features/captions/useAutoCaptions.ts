import { useCallback, useEffect, useRef, useState } from 'react';
import { speechRecognitionClass, startAutoCaptions, type AutoCaptioner } from './speech';

export interface AutoCaptions {
  /** The browser can recognise speech. */
  available: boolean;
  running: boolean;
  /** The microphone or the recognition service was refused (automatic captions stopped). */
  blocked: boolean;
  toggle: () => void;
}

/** The venue's automatic captions, running while the call view is open (the controls may close). */
export function useAutoCaptions(send: (text: string, final: boolean) => void): AutoCaptions {
  const [running, setRunning] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const captioner = useRef<AutoCaptioner | null>(null);
  const sendRef = useRef(send);
  sendRef.current = send;
  const Recognizer = speechRecognitionClass();

  const stop = useCallback(() => {
    captioner.current?.stop();
    captioner.current = null;
    setRunning(false);
  }, []);
  useEffect(() => stop, [stop]);

  const toggle = useCallback(() => {
    if (captioner.current) return stop();
    if (!Recognizer) return;
    setBlocked(false);
    captioner.current = startAutoCaptions(
      Recognizer,
      (text, final) => sendRef.current(text, final),
      () => {
        captioner.current = null;
        setRunning(false);
        setBlocked(true);
      },
    );
    setRunning(true);
  }, [Recognizer, stop]);

  return { available: Recognizer !== undefined, running, blocked, toggle };
}
