import { BACKEND_CHOICES, type BackendChoice } from './workers/protocol';

export interface PageParams {
  readonly backend: BackendChoice;
  /** ?workers=N: most training workers (1..MAX_WORKERS), or null for one per core. */
  readonly workers: number | null;
  /** One message per unknown or malformed parameter, naming it and the fallback used. */
  readonly notices: readonly string[];
}

const KNOWN = ['backend', 'workers'];
/** The most training workers a page may ask for. */
export const MAX_WORKERS = 16;

/** Reads the page's query string. Never throws: anything wrong becomes a notice. */
export function parsePageParams(search: string): PageParams {
  const notices: string[] = [];
  let backend: BackendChoice = 'auto';
  let workers: number | null = null;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { backend, workers, notices: ['The page address could not be read; using defaults.'] };
  }
  for (const [key, value] of params) {
    if (!KNOWN.includes(key)) {
      notices.push(
        `Unknown URL parameter "${key}" ignored. Known parameters: ${KNOWN.join(', ')}.`,
      );
      continue;
    }
    if (key === 'backend') {
      if ((BACKEND_CHOICES as readonly string[]).includes(value)) backend = value as BackendChoice;
      else
        notices.push(
          `Unknown backend "${value}" in ?backend=; allowed: ${BACKEND_CHOICES.join(', ')}. Using auto.`,
        );
    }
    if (key === 'workers') {
      const n = Number(value);
      if (/^\d+$/.test(value) && n >= 1 && n <= MAX_WORKERS) workers = n;
      else
        notices.push(
          `Bad ?workers=${value}: allowed a whole number from 1 to ${MAX_WORKERS}. Using one per core.`,
        );
    }
  }
  return { backend, workers, notices };
}
