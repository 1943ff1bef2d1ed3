import { LESSONS, type Lesson } from '../core/lessons/lessons';
import { useExperiment } from '../store/experiment';
import { useTraining } from '../store/training';
import { send } from '../workers/client';
import { Formula } from './estimators';

/** The lesson gallery: each one click to load (and then Start to run). */
export function LessonGallery({ onOpen }: { onOpen(lesson: Lesson): void }) {
  return (
    <section className="lessons" aria-label="Lessons" data-testid="lessons">
      <h2>Lessons</h2>
      <p className="chart-help">
        Each lesson is a ready experiment with the charts that show its point. Open it, press Start,
        and discuss the questions. Every lesson is also a link (Copy link).
      </p>
      <div className="cards">
        {LESSONS.map((l) => (
          <article className="lesson-card" key={l.id}>
            <h3>{l.title}</h3>
            <p>{l.watch}</p>
            <button
              type="button"
              className="primary"
              data-testid={`open-lesson-${l.id}`}
              onClick={() => onOpen(l)}
            >
              Open lesson
            </button>
          </article>
        ))}
      </div>
    </section>
  );
}

/** Loads a lesson's experiment (stopping any training) and returns it. */
export function openLesson(lesson: Lesson): void {
  send({ type: 'stop' });
  useTraining.getState().reset();
  useExperiment.getState().replace(lesson.experiment(), new Set());
}

/** The open lesson's text above the charts. */
export function LessonBanner({ lesson, onClose }: { lesson: Lesson; onClose(): void }) {
  return (
    <aside
      className="lesson-banner"
      aria-label={`Lesson: ${lesson.title}`}
      data-testid="lesson-banner"
    >
      <div className="lesson-head">
        <h2>{lesson.title}</h2>
        <button type="button" className="link" onClick={onClose}>
          Close lesson
        </button>
      </div>
      <p>
        <strong>Watch:</strong> {lesson.watch}
      </p>
      <p>
        <strong>Why:</strong> {lesson.why}
      </p>
      <Formula tex={lesson.formula} displayMode />
      <p className="chart-help">Source: {lesson.source}</p>
      <details>
        <summary>Questions for the class</summary>
        <ol>
          {lesson.questions.map((q) => (
            <li key={q}>{q}</li>
          ))}
        </ol>
      </details>
    </aside>
  );
}
