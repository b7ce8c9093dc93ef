import type { SurveyKind, SurveyResponse } from '#shared/domain/survey.ts';
import { npsCategory, SURVEY_SCALES } from '#shared/domain/survey.ts';
import { summarizeSurveys } from '#shared/logic/customer-insights.ts';
import { shortDate } from '../../i18n/format.ts';
import { useTranslation } from '../../i18n/index.ts';

const CHIPS_SHOWN = 8;

/** Good, middling or poor on each kind's own scale (CES: lower effort is better). */
function tone(kind: SurveyKind, score: number): 'good' | 'mid' | 'poor' {
  if (kind === 'nps') {
    const c = npsCategory(score);
    return c === 'promoter' ? 'good' : c === 'passive' ? 'mid' : 'poor';
  }
  if (kind === 'csat') return score >= 4 ? 'good' : score >= 3 ? 'mid' : 'poor';
  return score <= 2 ? 'good' : score <= 4 ? 'mid' : 'poor';
}

export function Surveys({ responses }: { responses: readonly SurveyResponse[] }) {
  const { t } = useTranslation('customer');
  const summaries = summarizeSurveys(responses);
  if (summaries.length === 0) return <p className="cp-empty">{t('surveys.none')}</p>;
  return (
    <div className="cp-surveys">
      {summaries.map((s) => {
        const kind = t(`surveys.kind.${s.kind}`);
        return (
          <div key={s.kind} className="cp-survey" aria-label={t('surveys.history', { kind })}>
            <div className="cp-survey-head">
              <span className="cp-survey-kind">{kind}</span>
              <span className="cp-survey-avg" data-tone={tone(s.kind, s.average)}>
                {s.average.toFixed(1)}
                <span className="cp-survey-scale"> / {SURVEY_SCALES[s.kind].max}</span>
              </span>
              <span className="cp-count">
                {t('surveys.answers', { count: s.responses.length })}
              </span>
            </div>
            <ul className="cp-score-chips" aria-label={t('surveys.scores', { kind })}>
              {s.responses.slice(0, CHIPS_SHOWN).map((r) => (
                <li
                  key={r.id}
                  className="cp-score"
                  data-tone={tone(s.kind, r.score)}
                  title={shortDate(r.createdAt)}
                >
                  {r.score}
                </li>
              ))}
            </ul>
            {s.lastComment && (
              <blockquote className="cp-quote">
                <span className="cp-quote-text">{s.lastComment.text}</span>
                <span className="cp-quote-meta">
                  {s.lastComment.score} · {shortDate(s.lastComment.at)}
                </span>
              </blockquote>
            )}
          </div>
        );
      })}
    </div>
  );
}
