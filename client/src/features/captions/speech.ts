import { CAPTION_LIMITS } from '@shared/captions/limits';

/** The part of the Web Speech API's SpeechRecognition the automatic captions use. */
export interface Recognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  onresult: ((event: RecognitionResultEvent) => void) | null;
  onerror: ((event: { error: string }) => void) | null;
  onend: (() => void) | null;
  start(): void;
  stop(): void;
}

export interface RecognitionResultEvent {
  resultIndex: number;
  results: ArrayLike<{ isFinal: boolean; 0: { transcript: string } }>;
}

type RecognitionClass = new () => Recognition;

/** The browser's speech recognition (Chrome, Safari: `webkitSpeechRecognition`), or undefined where there is none. */
export function speechRecognitionClass(): RecognitionClass | undefined {
  const scope = globalThis as { SpeechRecognition?: RecognitionClass; webkitSpeechRecognition?: RecognitionClass };
  return scope.SpeechRecognition ?? scope.webkitSpeechRecognition;
}

/** Interim words go out at most this often (the server's budget allows 5 a second). */
const INTERIM_EVERY_MS = 300;

export interface AutoCaptioner {
  stop(): void;
}

/**
 * Captions the room's microphone in Japanese: continuous recognition with interim results; each final result is a
 * line, the words in between are sent (throttled) as interim text. Chrome ends a recognition after a silence: it is
 * started again until `stop()`. `blocked` is called when the microphone or the service is refused.
 */
export function startAutoCaptions(
  Recognizer: RecognitionClass,
  send: (text: string, final: boolean) => void,
  blocked: (reason: string) => void,
): AutoCaptioner {
  let stopped = false;
  let lastInterimAt = 0;
  let pendingInterim: ReturnType<typeof setTimeout> | undefined;
  const clip = (text: string) => text.trim().slice(0, CAPTION_LIMITS.maxLineChars);

  const recognition = new Recognizer();
  recognition.lang = 'ja-JP';
  recognition.continuous = true;
  recognition.interimResults = true;
  recognition.onresult = (event) => {
    let interim = '';
    for (let i = event.resultIndex; i < event.results.length; i += 1) {
      const result = event.results[i]!;
      const text = clip(result[0].transcript);
      if (result.isFinal) {
        clearTimeout(pendingInterim);
        if (text !== '') send(text, true);
      } else interim += result[0].transcript;
    }
    const words = clip(interim);
    if (words === '') return;
    const wait = lastInterimAt + INTERIM_EVERY_MS - Date.now();
    clearTimeout(pendingInterim);
    const sendInterim = () => {
      lastInterimAt = Date.now();
      send(words, false);
    };
    if (wait <= 0) sendInterim();
    else pendingInterim = setTimeout(sendInterim, wait);
  };
  recognition.onerror = (event) => {
    if (event.error === 'not-allowed' || event.error === 'service-not-allowed' || event.error === 'audio-capture') {
      stopped = true;
      blocked(event.error);
    }
  };
  recognition.onend = () => {
    if (stopped) return;
    try {
      recognition.start();
    } catch {
      // already started again
    }
  };
  recognition.start();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(pendingInterim);
      recognition.stop();
    },
  };
}
