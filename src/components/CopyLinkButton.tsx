import { useState } from 'react';

/**
 * "Copy link" for a view: copies the address `link()` builds, or shows it to copy by hand when
 * the clipboard is not available. The last link is also kept in data-link (for tests).
 */
export function CopyLinkButton({
  link,
  testId,
  title,
}: {
  link: () => string;
  testId: string;
  title: string;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const [last, setLast] = useState<string | undefined>(undefined);
  const onClick = async () => {
    const url = link();
    setLast(url);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      copied = false;
    }
    setMessage(copied ? 'Link copied.' : `Copy this link: ${url}`);
    setTimeout(() => setMessage(null), copied ? 4000 : 20000);
  };
  return (
    <span className="copy-link">
      <button
        type="button"
        onClick={() => void onClick()}
        title={title}
        data-testid={testId}
        data-link={last}
      >
        Copy link
      </button>
      {message && (
        <span className="copy-link-message" role="status">
          {message}
        </span>
      )}
    </span>
  );
}
