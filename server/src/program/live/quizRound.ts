import type { LiveQuiz } from '@shared/program/live';
import type { QuizQuestion } from '@shared/program/quizzes';
import { AppError } from '../../core/errors';

/**
 * One question shown to everyone. Home answers are kept per peer id, so a device that reconnects
 * keeps its answer and answering again moves it; the venue's raised hands are counts the host enters.
 */
export class QuizRound {
  private currentPhase: LiveQuiz['phase'] = 'asking';
  private readonly answers = new Map<string, number>();
  private readonly venueCounts: number[];

  constructor(readonly question: QuizQuestion) {
    this.venueCounts = question.choices.map(() => 0);
  }

  answer(peerId: string, questionId: string, choiceIndex: number): void {
    if (questionId !== this.question.id) throw new AppError('CONFLICT', 'This question is no longer shown');
    if (this.currentPhase !== 'asking') throw new AppError('CONFLICT', 'Answers are closed: the results are shown');
    this.assertChoice(choiceIndex);
    this.answers.set(peerId, choiceIndex);
  }

  setVenueCount(choiceIndex: number, count: number): void {
    this.assertChoice(choiceIndex);
    this.venueCounts[choiceIndex] = count;
  }

  showResults(): void {
    this.currentPhase = 'results';
  }

  view(peerId: string): LiveQuiz {
    const homeCounts = this.question.choices.map(() => 0);
    for (const choice of this.answers.values()) homeCounts[choice]! += 1;
    return {
      question: this.question,
      phase: this.currentPhase,
      homeCounts,
      venueCounts: [...this.venueCounts],
      yourAnswer: this.answers.get(peerId) ?? null,
    };
  }

  private assertChoice(choiceIndex: number): void {
    if (choiceIndex >= this.question.choices.length) {
      throw new AppError('INVALID_PAYLOAD', `choiceIndex: this question has ${this.question.choices.length} choices`, 'choiceIndex');
    }
  }
}
