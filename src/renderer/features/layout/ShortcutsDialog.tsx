import { useAppStore } from '../../store';
import { Modal } from './Modal';
import { SHORTCUT_SECTIONS, TYPING_NOTE } from './shortcuts';

/** The `?` sheet: every shortcut, grouped by where it works. */
export function ShortcutsDialog() {
  const setOpen = useAppStore((s) => s.setShortcutsOpen);
  return (
    <Modal title="Keyboard shortcuts" onClose={() => setOpen(false)}>
      <div className="shortcuts">
        {SHORTCUT_SECTIONS.map((section) => (
          <section key={section.title} className="shortcuts__section" aria-label={section.title}>
            <h3>{section.title}</h3>
            <dl className="shortcuts__list">
              {section.shortcuts.map((s) => (
                <div key={s.what} className="shortcuts__item">
                  <dt>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{s.what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="muted shortcuts__note">{TYPING_NOTE}</p>
    </Modal>
  );
}
