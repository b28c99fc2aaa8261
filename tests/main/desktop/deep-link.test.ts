import { describe, expect, it } from 'vitest';
import { assignmentFromArgv, assignmentFromLink } from '../../../src/main/desktop/deep-link';

describe('reviewdesk:// links', () => {
  it('accepts only reviewdesk://assignment/<id>', () => {
    expect(assignmentFromLink('reviewdesk://assignment/42')).toBe(42);
    expect(assignmentFromLink('REVIEWDESK://assignment/42/')).toBe(42);
    for (const bad of [
      'reviewdesk://assignment/0',
      'reviewdesk://assignment/-1',
      'reviewdesk://assignment/4x',
      'reviewdesk://evil/1',
      'http://assignment/1',
      'reviewdesk://assignment/1?x=javascript:alert(1)',
      'reviewdesk://assignment/99999999999999999',
      42,
      null,
    ]) {
      expect(assignmentFromLink(bad)).toBeNull();
    }
  });

  it("finds the link among a second launch's arguments", () => {
    expect(assignmentFromArgv(['/usr/bin/reviewdesk', '--flag', 'reviewdesk://assignment/7'])).toBe(7);
    expect(assignmentFromArgv(['/usr/bin/reviewdesk'])).toBeNull();
  });
});
