/** The review pane before anything is opened (wide windows only; narrow ones show the queue). */
export function ReviewPlaceholder() {
  return (
    <div className="review-placeholder">
      <h2>Select an assignment to review it here</h2>
      <p className="muted">
        <kbd>j</kbd> / <kbd>k</kbd> or the arrow keys move through the queue, <kbd>Enter</kbd> opens, <kbd>/</kbd> searches,{' '}
        <kbd>Esc</kbd> comes back.
      </p>
    </div>
  );
}
