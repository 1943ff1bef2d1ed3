/** The keys of a board, shown on screen so a class can follow what the presenter presses. */
export function KeyHelp({ keys }: { keys: readonly (readonly [string, string])[] }) {
  return (
    <p className="env-keys">
      {keys.map(([k, what]) => (
        <span key={k}>
          <kbd>{k}</kbd> {what}
        </span>
      ))}
    </p>
  );
}
