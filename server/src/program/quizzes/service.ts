import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { builtInQuizQuestions, findBuiltInQuestion, type QuizQuestion, type QuizQuestionInput } from '@shared/program/quizzes';
import { writeAudit } from '../../audit/service';
import type { Permissions } from '../../auth/permissions';
import type { AuthUser } from '../../auth/service';
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { inTransaction } from '../../db/transaction';
import { quizQuestions, sessions } from '../../db/schema';
import { AppError } from '../../core/errors';
import type { QuizSource } from '../ports';

type QuestionRow = typeof quizQuestions.$inferSelect;
type QuestionInput = z.output<typeof QuizQuestionInput>;

/** The built-in brain-training questions and each venue's own, added and removed by its hosts and organisers. */
export class QuizService implements QuizSource {
  constructor(
    private readonly db: Db,
    private readonly permissions: Permissions,
  ) {}

  async list(user: AuthUser, venueId: string): Promise<{ builtIn: QuizQuestion[]; custom: QuizQuestion[] }> {
    this.permissions.assertVenue(user, venueId);
    const custom = await this.db
      .select()
      .from(quizQuestions)
      .where(eq(quizQuestions.venueId, venueId))
      .orderBy(asc(quizQuestions.createdAt));
    return { builtIn: [...builtInQuizQuestions], custom: custom.map(toQuizQuestion) };
  }

  async add(user: AuthUser, venueId: string, input: QuestionInput): Promise<QuizQuestion> {
    this.permissions.assertVenue(user, venueId);
    const row = {
      id: newId('quiz'),
      venueId,
      prompt: input.prompt,
      choices: input.choices,
      answerIndex: input.answerIndex ?? null,
      createdBy: user.id,
      createdAt: new Date(),
    };
    await inTransaction(this.db, async (tx) => {
      await tx.insert(quizQuestions).values(row);
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'quiz-question.create',
        entityType: 'quiz-question',
        entityId: row.id,
        after: input,
      });
    });
    return toQuizQuestion(row);
  }

  async remove(user: AuthUser, questionId: string): Promise<void> {
    const [row] = await this.db.select().from(quizQuestions).where(eq(quizQuestions.id, questionId)).limit(1);
    if (!row || !user.venueIds.includes(row.venueId)) throw new AppError('NOT_FOUND', 'No question with this id');
    await inTransaction(this.db, async (tx) => {
      await tx.delete(quizQuestions).where(eq(quizQuestions.id, questionId));
      await writeAudit(tx, {
        organisationId: user.organisationId,
        actorUserId: user.id,
        action: 'quiz-question.delete',
        entityType: 'quiz-question',
        entityId: questionId,
        before: toQuizQuestion(row),
      });
    });
  }

  async questionFor(sessionId: string, questionId: string): Promise<QuizQuestion> {
    const builtIn = findBuiltInQuestion(questionId);
    if (builtIn) return builtIn;
    const [row] = await this.db
      .select({ question: quizQuestions })
      .from(quizQuestions)
      .innerJoin(sessions, eq(sessions.venueId, quizQuestions.venueId))
      .where(and(eq(sessions.id, sessionId), eq(quizQuestions.id, questionId)))
      .limit(1);
    if (!row) throw new AppError('NOT_FOUND', 'No question with this id');
    return toQuizQuestion(row.question);
  }
}

function toQuizQuestion(row: QuestionRow): QuizQuestion {
  return { id: row.id, format: 'custom', prompt: row.prompt, choices: row.choices, answerIndex: row.answerIndex };
}
