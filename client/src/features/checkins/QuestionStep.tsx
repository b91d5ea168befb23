export interface Choice {
  key: string;
  label: string;
  /** A picture (😊); answers without one (はい / いいえ) show their words large instead. */
  emoji?: string;
}

interface QuestionStepProps {
  headingId: string;
  question: string;
  choices: Choice[];
  /** The answer given before (shown pressed when coming back to the question). */
  chosen: string | undefined;
  onChoose: (key: string) => void;
  /** Taps are ignored while the screen moves on. */
  disabled?: boolean;
}

/** One question, its answers as big picture buttons side by side (two rows when there are four or five). */
export function QuestionStep({ headingId, question, choices, chosen, onChoose, disabled }: QuestionStepProps) {
  const columns = choices.length <= 3 ? choices.length : choices.length === 4 ? 2 : 3;
  return (
    <>
      <h2 id={headingId} className="checkin__question" data-testid="checkin-question">
        {question}
      </h2>
      <div className={`checkin-choices checkin-choices--${columns}`} role="group" aria-labelledby={headingId}>
        {choices.map((choice) => (
          <button
            key={choice.key}
            type="button"
            className={`checkin-choice${choice.emoji ? '' : ' checkin-choice--words'}${chosen === choice.key ? ' checkin-choice--chosen' : ''}`}
            aria-pressed={chosen === choice.key}
            onClick={() => !disabled && onChoose(choice.key)}
            data-testid={`checkin-answer-${choice.key}`}
          >
            {choice.emoji && (
              <span className="checkin-choice__emoji" aria-hidden="true">
                {choice.emoji}
              </span>
            )}
            <span className="checkin-choice__label">{choice.label}</span>
          </button>
        ))}
      </div>
    </>
  );
}
