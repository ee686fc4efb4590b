/** A friction score and the parts it is made of, as the ranked list, the heat map and the inspector show it. */
import type { FrictionScore } from '@journeyboard/shared';

const scoreFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

export function formatScore(value: number): string {
  return scoreFormat.format(value);
}

/** One line per factor, in the words friction.ts gives them. */
export function ScoreExplanation({ score, id }: { score: FrictionScore; id?: string }) {
  return (
    <ul className="score-explanation" id={id}>
      {score.explanation.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}

/** The inspector's read-only block: the score, the product it comes from, and why each factor is what it is. */
export function FrictionScoreBlock({ score }: { score: FrictionScore }) {
  return (
    <section className="friction-score" aria-label="Friction score">
      <p className="friction-score__headline">
        Friction score{' '}
        <strong className="friction-score__value">
          {score.assessed ? formatScore(score.score) : 'not assessed'}
        </strong>
      </p>
      {score.assessed && (
        <p className="friction-score__product">
          severity {score.severity} × frequency {formatScore(score.frequencyFactor)} × segment{' '}
          {formatScore(score.segmentWeight)}
        </p>
      )}
      <ScoreExplanation score={score} />
    </section>
  );
}
