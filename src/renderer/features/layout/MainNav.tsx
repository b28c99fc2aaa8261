import { useAppStore } from '../../store';
import type { Screen } from '../../store/ui.slice';

const ITEMS: { screen: Screen; label: string }[] = [
  { screen: 'queue', label: 'Queue' },
  { screen: 'outbox', label: 'Outbox' },
  { screen: 'stats', label: 'Statistics' },
  { screen: 'settings', label: 'Settings' },
];

/** The workspace's screens. Buttons, not links: there are no URLs to go to, only screens of one page. */
export function MainNav() {
  const current = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
  const attention = useAppStore((s) => s.syncStatus?.outboxAttention ?? 0);
  return (
    <nav className="main-nav" aria-label="Main">
      <ul className="main-nav__list">
        {ITEMS.map(({ screen, label }) => (
          <li key={screen}>
            <button
              type="button"
              className="main-nav__item"
              aria-current={current === screen ? 'page' : undefined}
              onClick={() => setScreen(screen)}
            >
              {label}
              {screen === 'outbox' && attention > 0 && (
                <span className="count-badge count-badge--danger">
                  {attention}
                  <span className="sr-only"> need attention</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
