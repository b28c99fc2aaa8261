import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../../../src/main/log';
import { startUpdater, type UpdaterLike, type UpdaterTimers } from '../../../src/main/desktop/updater';
import {
  ASK_AGAIN_AFTER_MS,
  CHECK_INTERVAL_MS,
  FIRST_CHECK_DELAY_MS,
  INITIAL_UPDATE_STATE,
  UPDATE_FEED_ENV,
  reduceUpdate,
  restartQuestion,
  shouldAskToRestart,
  updateConfig,
  type RestartQuestion,
  type UpdateEvent,
} from '../../../src/main/desktop/updates';

const T0 = Date.parse('2026-11-21T12:00:00.000Z');

describe('update configuration', () => {
  const cfg = (env: Record<string, string | undefined>, settingsUrl: string | null = null, isPackaged = true) =>
    updateConfig({ env, settingsUrl, isPackaged });

  it('is off when no feed is configured', () => {
    expect(cfg({})).toEqual({ enabled: false, reason: 'no update feed is configured' });
    expect(cfg({ [UPDATE_FEED_ENV]: '  ' }, '')).toMatchObject({ enabled: false });
  });

  it('takes the environment first, then settings.json, as a folder URL', () => {
    expect(cfg({ [UPDATE_FEED_ENV]: 'https://updates.example.com/reviewdesk' }, 'https://other.example/')).toEqual({
      enabled: true,
      feedUrl: 'https://updates.example.com/reviewdesk/',
      source: 'environment',
    });
    expect(cfg({}, 'https://updates.example.com/rd/')).toEqual({
      enabled: true,
      feedUrl: 'https://updates.example.com/rd/',
      source: 'settings',
    });
  });

  it('accepts only https (http on loopback, for a local test feed), without credentials', () => {
    expect(cfg({ [UPDATE_FEED_ENV]: 'http://updates.example.com/' })).toEqual({
      enabled: false,
      reason: 'the update feed must be https',
    });
    expect(cfg({ [UPDATE_FEED_ENV]: 'http://127.0.0.1:8080/feed' })).toMatchObject({ enabled: true });
    expect(cfg({ [UPDATE_FEED_ENV]: 'http://localhost:8080/feed' })).toMatchObject({ enabled: true });
    expect(cfg({ [UPDATE_FEED_ENV]: 'file:///tmp/feed' })).toMatchObject({ enabled: false });
    expect(cfg({ [UPDATE_FEED_ENV]: 'https://u:p@updates.example.com/' })).toMatchObject({
      enabled: false,
      reason: 'the update feed URL must not carry credentials',
    });
    expect(cfg({ [UPDATE_FEED_ENV]: 'not a url' })).toMatchObject({ enabled: false });
  });

  it('is off in a development build', () => {
    expect(cfg({ [UPDATE_FEED_ENV]: 'https://updates.example.com/' }, null, false)).toEqual({
      enabled: false,
      reason: 'updates apply to the installed app only',
    });
  });
});

describe('update decisions', () => {
  const run = (...events: UpdateEvent[]) => events.reduce(reduceUpdate, INITIAL_UPDATE_STATE);

  it('follows a check through download to ready', () => {
    const s = run({ type: 'checking' }, { type: 'available', version: '0.2.0' }, { type: 'progress', percent: 41.6 });
    expect(s).toMatchObject({ phase: 'downloading', version: '0.2.0', percent: 42 });
    expect(shouldAskToRestart(s, T0)).toBe(false);
    const ready = reduceUpdate(s, { type: 'downloaded', version: '0.2.0' });
    expect(ready).toMatchObject({ phase: 'ready', version: '0.2.0', percent: 100 });
    expect(shouldAskToRestart(ready, T0)).toBe(true);
  });

  it('never asks while nothing is ready, or twice at once', () => {
    expect(shouldAskToRestart(run({ type: 'checking' }, { type: 'not-available' }), T0)).toBe(false);
    expect(shouldAskToRestart(run({ type: 'error', message: 'offline' }), T0)).toBe(false);
    const asking = run({ type: 'downloaded', version: '0.2.0' }, { type: 'asking' });
    expect(shouldAskToRestart(asking, T0)).toBe(false);
  });

  it('after "Later", waits a day before asking about the same version, but asks at once about a newer one', () => {
    const later = run({ type: 'downloaded', version: '0.2.0' }, { type: 'asking' }, { type: 'answer', restart: false, at: T0 });
    expect(later.declined).toEqual({ version: '0.2.0', at: T0 });
    expect(shouldAskToRestart(later, T0 + 3600_000)).toBe(false);
    expect(shouldAskToRestart(later, T0 + ASK_AGAIN_AFTER_MS)).toBe(true);
    const newer = reduceUpdate(later, { type: 'downloaded', version: '0.3.0' });
    expect(shouldAskToRestart(newer, T0 + 60_000)).toBe(true);
  });

  it('"Restart now" is final: nothing asks again while the app quits into the installer', () => {
    const s = run({ type: 'downloaded', version: '0.2.0' }, { type: 'asking' }, { type: 'answer', restart: true, at: T0 });
    expect(s.phase).toBe('installing');
    expect(shouldAskToRestart(s, T0)).toBe(false);
    expect(reduceUpdate(s, { type: 'downloaded', version: '0.2.0' }).phase).toBe('installing');
  });

  it('a later check or error keeps a downloaded update ready', () => {
    const ready = run({ type: 'downloaded', version: '0.2.0' });
    expect(reduceUpdate(ready, { type: 'checking' }).phase).toBe('ready');
    expect(reduceUpdate(ready, { type: 'not-available' }).phase).toBe('ready');
    expect(reduceUpdate(ready, { type: 'progress', percent: 3 }).phase).toBe('ready');
    expect(reduceUpdate(ready, { type: 'error', message: 'feed down' })).toMatchObject({ phase: 'ready', error: 'feed down' });
  });

  it('the question: restart is not the default, and unsent work is said to be safe', () => {
    const q = restartQuestion('0.2.0', 3);
    expect(q.buttons[q.restartId]).toBe('Restart now');
    expect(q.defaultId).not.toBe(q.restartId);
    expect(q.cancelId).not.toBe(q.restartId);
    expect(q.message).toBe('Reviewdesk 0.2.0 is ready to install');
    expect(q.detail).toContain('3 unsent changes are kept on this computer');
    expect(restartQuestion('0.2.0', 1).detail).toContain('1 unsent change is kept');
    expect(restartQuestion('0.2.0', 0).detail).not.toContain('unsent');
  });
});

/** electron-updater's autoUpdater, as far as the adapter uses it. */
class FakeUpdater extends EventEmitter implements UpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: UpdaterLike['logger'] = null;
  feed: unknown = null;
  checks = 0;
  installs: unknown[] = [];
  onCheck: () => void = () => this.emit('update-not-available');
  setFeedURL(options: unknown) {
    this.feed = options;
  }
  async checkForUpdates() {
    this.checks++;
    this.emit('checking-for-update');
    this.onCheck();
    return null;
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function manualTimers() {
  const pending: { fn: () => void; at: number; every?: number; id: number }[] = [];
  let now = 0;
  let ids = 0;
  const timers: UpdaterTimers = {
    setTimeout: (fn, ms) => {
      pending.push({ fn, at: now + ms, id: ++ids });
      return ids;
    },
    setInterval: (fn, ms) => {
      pending.push({ fn, at: now + ms, every: ms, id: ++ids });
      return ids;
    },
    clearTimeout: (h) => pending.splice(pending.findIndex((p) => p.id === h) >>> 0, 1),
    clearInterval: (h) => pending.splice(pending.findIndex((p) => p.id === h) >>> 0, 1),
  };
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      const next = pending.filter((p) => p.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      now = next.at;
      if (next.every) next.at += next.every;
      else pending.splice(pending.indexOf(next), 1);
      next.fn();
      await new Promise((r) => setImmediate(r));
    }
    now = until;
  };
  return { timers, advance, pending: () => pending.length, now: () => now };
}

function setup(answers: boolean[] = []) {
  const updater = new FakeUpdater();
  const clock = manualTimers();
  const log = recordingLogger();
  const asked: RestartQuestion[] = [];
  let restarts = 0;
  const running = startUpdater({
    updater,
    feedUrl: 'https://updates.example.com/rd/',
    log,
    ask: async (q) => {
      asked.push(q);
      return answers.shift() ?? false;
    },
    unsentCount: () => 2,
    beforeRestart: () => restarts++,
    now: () => T0 + clock.now(),
    timers: clock.timers,
  });
  return { updater, clock, log, asked, running, restarts: () => restarts };
}

describe('updater adapter', () => {
  it('points electron-updater at the generic feed, downloading by itself, installing at quit', () => {
    const { updater, log } = setup();
    expect(updater.feed).toEqual({ provider: 'generic', url: 'https://updates.example.com/rd/' });
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);
    updater.logger!.info('Checking for update');
    expect(log.entries.at(-1)).toMatchObject({ level: 'info', msg: 'updater: Checking for update' });
  });

  it('checks a minute after start, then every four hours, and not after stop', async () => {
    const { updater, clock, running } = setup();
    await clock.advance(FIRST_CHECK_DELAY_MS - 1);
    expect(updater.checks).toBe(0);
    await clock.advance(1);
    expect(updater.checks).toBe(1);
    await clock.advance(CHECK_INTERVAL_MS);
    expect(updater.checks).toBe(2);
    running.stop();
    expect(clock.pending()).toBe(0);
  });

  it('asks before restarting; "Restart now" installs, after letting the window close', async () => {
    const { updater, asked, running, restarts } = setup([true]);
    updater.onCheck = () => {
      updater.emit('update-available', { version: '0.2.0' });
      updater.emit('download-progress', { percent: 50 });
      updater.emit('update-downloaded', { version: '0.2.0' });
    };
    await running.checkNow();
    await new Promise((r) => setImmediate(r));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.detail).toContain('2 unsent changes');
    expect(restarts()).toBe(1);
    expect(updater.installs).toEqual([[false, true]]);
  });

  it('"Later" leaves the update for the next quit and asks again only after a day', async () => {
    const { updater, clock, asked } = setup([false, false]);
    updater.onCheck = () => updater.emit('update-downloaded', { version: '0.2.0' });
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(asked).toHaveLength(1);
    expect(updater.installs).toEqual([]);
    await clock.advance(CHECK_INTERVAL_MS * 6); // checks up to 24 h after start: all within a day of "Later"
    expect(asked).toHaveLength(1);
    await clock.advance(CHECK_INTERVAL_MS); // the first check a day after
    expect(asked).toHaveLength(2);
  });

  it('"Check for Updates…" offers a postponed update again at once, and says what a check found', async () => {
    const { updater, clock, asked, running } = setup([false, false]);
    updater.onCheck = () => updater.emit('update-downloaded', { version: '0.2.0' });
    await clock.advance(FIRST_CHECK_DELAY_MS);
    expect(asked).toHaveLength(1);
    await running.checkNow();
    expect(asked).toHaveLength(2);

    const other = setup();
    expect((await other.running.checkNow()).phase).toBe('idle');
    other.updater.onCheck = () => other.updater.emit('error', new Error('getaddrinfo ENOTFOUND updates.example.com'));
    const failed = await other.running.checkNow();
    expect(failed).toMatchObject({ phase: 'error', error: 'getaddrinfo ENOTFOUND updates.example.com' });
    expect(other.log.entries.some((e) => e.level === 'warn' && e.msg === 'update check failed')).toBe(true);
  });

  it('a check that throws is logged, never thrown', async () => {
    const { updater, running, log } = setup();
    updater.checkForUpdates = () => Promise.reject(new Error('feed returned 404'));
    await expect(running.checkNow()).resolves.toMatchObject({ phase: 'error', error: 'feed returned 404' });
    expect(log.entries.some((e) => e.msg === 'update check failed')).toBe(true);
  });
});
