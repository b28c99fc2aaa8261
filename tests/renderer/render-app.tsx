/**
 * Renders the whole app over a FakeApi with the clock pinned, and undoes it
 * all after each test (vitest globals are off, so cleanup is explicit).
 */
import { cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach } from 'vitest';
import { App } from '../../src/renderer/App';
import { setApiForTests } from '../../src/renderer/api';
import { resetStore } from '../../src/renderer/store';
import { setClockForTests } from '../../src/renderer/store/clock';
import { forgetPersistedForTests } from '../../src/renderer/store/persist';
import { NOW, type FakeApi } from './fake-api';

afterEach(() => {
  cleanup();
  setApiForTests(null);
  setClockForTests(null);
  // Each test starts with nothing remembered and the system theme.
  forgetPersistedForTests();
  document.documentElement.removeAttribute('data-theme');
  resetStore();
});

export function renderApp(api: FakeApi, options: { now?: () => number } = {}) {
  resetStore();
  setApiForTests(api);
  setClockForTests(options.now ?? (() => NOW));
  const user = userEvent.setup();
  const utils = render(<App />);
  return { user, ...utils };
}
