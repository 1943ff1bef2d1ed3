import { BACKEND_CHOICES, type BackendChoice } from './workers/protocol';

export interface PageParams {
  readonly backend: BackendChoice;
  /** One message per unknown or malformed parameter, naming it and the fallback used. */
  readonly notices: readonly string[];
}

const KNOWN = ['backend'];

/** Reads the page's query string. Never throws: anything wrong becomes a notice. */
export function parsePageParams(search: string): PageParams {
  const notices: string[] = [];
  let backend: BackendChoice = 'auto';
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(search);
  } catch {
    return { backend, notices: ['The page address could not be read; using defaults.'] };
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
  }
  return { backend, notices };
}
