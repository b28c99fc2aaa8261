import { useAppStore } from '../../store';

/** Polite live region: announcements never interrupt the reviewer's reading. */
export function Toasts() {
  const toasts = useAppStore((s) => s.toasts);
  const dismiss = useAppStore((s) => s.dismissToast);
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast--${t.kind}`}>
          <span className="toast__text">{t.text}</span>
          {t.action && (
            <button
              type="button"
              className="button button--small toast__action"
              aria-keyshortcuts={t.action.keys}
              onClick={() => {
                // Run first: the action may check that its toast is still up.
                t.action?.run();
                dismiss(t.id);
              }}
            >
              {t.action.label}
              {t.action.keys && (
                <kbd aria-hidden="true" className="toast__keys">
                  Ctrl+Z
                </kbd>
              )}
            </button>
          )}
          <button type="button" className="toast__close" aria-label="Dismiss notification" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
