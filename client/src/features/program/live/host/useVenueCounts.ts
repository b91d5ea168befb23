import { useEffect, useRef, useState } from 'react';
import type { LiveQuiz } from '@shared/program/live';
import type { CallClient } from '../../../../call/CallClient';
import type { HostAction } from './useHostAction';

const MAX_COUNT = 200;

/**
 * The venue's raised hands per choice, changed with − / +. Taps show at once and each sends the
 * new total; quick taps build on the number on screen, not on an answer still on its way back.
 * Once nothing is on its way, the server's numbers are shown again.
 */
export function useVenueCounts(client: CallClient, quiz: LiveQuiz, action: HostAction) {
  const [local, setLocal] = useState<Readonly<Record<number, number>>>({});
  const inFlight = useRef(0);
  const questionId = quiz.question.id;
  useEffect(() => {
    inFlight.current = 0;
    setLocal({});
  }, [questionId]);

  const countOf = (index: number) => local[index] ?? quiz.venueCounts[index] ?? 0;
  const change = (index: number, delta: number) => {
    const count = Math.min(MAX_COUNT, Math.max(0, countOf(index) + delta));
    if (count === countOf(index)) return;
    setLocal((current) => ({ ...current, [index]: count }));
    inFlight.current += 1;
    void action
      .run('venue count', () => client.live.quiz({ action: 'venueCount', choiceIndex: index, count }))
      .finally(() => {
        inFlight.current -= 1;
        if (inFlight.current === 0) setLocal({});
      });
  };
  return { countOf, change };
}
