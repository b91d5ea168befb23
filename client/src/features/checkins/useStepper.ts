import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a tapped answer shows as chosen before the next question comes. */
const ADVANCE_MS = 350;

/**
 * Walks through `count` questions one at a time: an answer is kept and, after a moment for the eye to
 * see it pressed, the next question comes; とばす moves on at once; もどる goes back (answers are kept).
 * `index === count` is the step after the last question.
 */
export function useStepper(count: number) {
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [moving, setMoving] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const answer = useCallback(
    (key: string, value: string, { wait = true } = {}) => {
      if (timer.current) return; // already moving on
      setAnswers((a) => ({ ...a, [key]: value }));
      if (!wait) {
        setIndex((i) => Math.min(i + 1, count));
        return;
      }
      setMoving(true);
      timer.current = setTimeout(() => {
        timer.current = null;
        setMoving(false);
        setIndex((i) => Math.min(i + 1, count));
      }, ADVANCE_MS);
    },
    [count],
  );
  const back = useCallback(() => {
    if (timer.current) return;
    setIndex((i) => Math.max(0, i - 1));
  }, []);

  return { index, answers, moving, answer, back, finished: index >= count };
}
