/** The review pane before anything is opened (wide windows only; narrow ones show the queue). */
export function ReviewPlaceholder() {
  return (
    <div className="review-placeholder">
      <h2>Select an assignment to review it here</h2>
      <p className="muted">
        <kbd>j</kbd> / <kbd>k</kbd> move through the queue, <kbd>Enter</kbd> opens, <kbd>1</kbd>–<kbd>9</kbd> choose an outcome,{' '}
        <kbd>Esc</kbd> comes back. <kbd>?</kbd> lists every shortcut.
      </p>
    </div>
  );
}
