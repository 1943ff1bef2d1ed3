import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export interface FormulaProps {
  /** KaTeX source from our own code (cards.ts). Never pass user text: the output is raw HTML. */
  tex: string;
  /** Block formula on its own line (true) or inline with the text. */
  displayMode?: boolean;
  className?: string;
}

/**
 * A formula rendered by KaTeX. The CSS import lets Vite bundle KaTeX's styles and fonts, so
 * formulas render offline. throwOnError: false shows a broken formula in red instead of failing.
 */
export function Formula({ tex, displayMode = false, className }: FormulaProps) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode }),
    [tex, displayMode],
  );
  return (
    <span
      className={['est-formula', className].filter(Boolean).join(' ')}
      // Safe: KaTeX escapes the TeX it renders, and `tex` only ever comes from cards.ts.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
