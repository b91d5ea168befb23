import type { LiveQuiz } from '@shared/program/live';
import type { QuizQuestion } from '@shared/program/quizzes';
import { AppError } from '../../core/errors';
import type { SavedQuizRound } from './liveStore';

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

  /** The round as another node resumes it (the shown question, answers and counts as they were). */
  static restore(saved: SavedQuizRound): QuizRound {
    const round = new QuizRound(saved.question);
    round.currentPhase = saved.phase;
    const choices = saved.question.choices.length;
    for (const [peerId, choice] of saved.answers) if (choice < choices) round.answers.set(peerId, choice);
    saved.venueCounts.slice(0, choices).forEach((count, i) => (round.venueCounts[i] = count));
    return round;
  }

  saved(): SavedQuizRound {
    return { question: this.question, phase: this.currentPhase, answers: [...this.answers], venueCounts: [...this.venueCounts] };
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
