import type { Theme } from '../../store/persist';

/**
 * Applies the theme to <html>: `data-theme="light|dark"` overrides the
 * system's colours (theme.css); following the system removes the attribute
 * so `prefers-color-scheme` decides.
 */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
}
