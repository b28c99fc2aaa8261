import { useAppStore } from '../../store';
import type { Screen } from '../../store/ui.slice';

const ITEMS: { screen: Screen; label: string }[] = [
  { screen: 'queue', label: 'Queue' },
  { screen: 'stats', label: 'Statistics' },
  { screen: 'settings', label: 'Settings' },
];

/** The workspace's three screens. Buttons, not links: there are no URLs to go to, only screens of one page. */
export function MainNav() {
  const current = useAppStore((s) => s.screen);
  const setScreen = useAppStore((s) => s.setScreen);
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
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
