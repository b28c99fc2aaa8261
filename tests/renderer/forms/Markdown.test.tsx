import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { Markdown } from '../../../src/renderer/features/forms';
import { parseInline, safeHref } from '../../../src/renderer/features/forms/markdown';
import type { Form } from '../../../src/shared/protocol';
import { Harness, last } from './harness';

afterEach(cleanup);

const HOSTILE = '<script>alert(1)</script> **bold** <img src=x onerror=alert(1)>';

describe('Markdown', () => {
  it('renders blocks and inline marks as elements', () => {
    const { container } = render(
      <Markdown
        source={
          '# Title\n\nSome **strong** and *soft* `code` text.\n\n- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n```\nraw <b>\n```'
        }
      />,
    );
    expect(container.querySelector('h3')?.textContent).toBe('Title');
    expect(container.querySelector('strong')?.textContent).toBe('strong');
    expect(container.querySelector('em')?.textContent).toBe('soft');
    expect(container.querySelector('p code')?.textContent).toBe('code');
    expect([...container.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect([...container.querySelectorAll('ol li')].map((li) => li.textContent)).toEqual(['first', 'second']);
    expect(container.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(container.querySelector('pre')?.textContent).toBe('raw <b>');
    expect(container.querySelector('b')).toBeNull();
  });

  it('shows markup as text: no script or img element is created', () => {
    const { container } = render(<Markdown source={HOSTILE} />);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });

  it('links only to http(s), with text and href only', () => {
    const { container } = render(
      <Markdown source={'[ok](https://example.com/x) [bad](javascript:alert(1)) [data](data:text/html,hi) [rel](/etc/passwd)'} />,
    );
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['ok', 'https://example.com/x']]);
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(container.textContent).toContain('ok bad data rel');
    expect(container.innerHTML).not.toContain('javascript:');
  });

  it('allows balanced parentheses in a link target', () => {
    const { container } = render(<Markdown source={'see [wiki](https://en.wikipedia.org/wiki/Foo_(bar)).'} />);
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://en.wikipedia.org/wiki/Foo_(bar)');
    expect(container.textContent).toBe('see wiki.');
  });

  it('keeps snake_case words and unmatched marks as text', () => {
    expect(parseInline('a_b_c and 2 * 3')).toEqual([{ t: 'text', v: 'a_b_c and 2 * 3' }]);
    expect(safeHref('HTTPS://Example.com')).toBe('https://example.com/');
    expect(safeHref('vbscript:x')).toBeNull();
  });

  it('survives deep nesting without blowing the stack', () => {
    expect(() => render(<Markdown source={'*'.repeat(5000) + '>'.repeat(5000)} />)).not.toThrow();
  });
});

describe('markdown widget', () => {
  const form: Form = {
    id: 'md',
    version: 1,
    title: '',
    instructions: '',
    schema: { type: 'object', properties: { feedback: { type: 'string', title: 'Feedback' } } },
    ui: { fields: { feedback: { widget: 'markdown' } } },
    outcomes: [],
  };

  it('stores the typed markdown and previews it inertly', async () => {
    const seen: Array<Record<string, unknown>> = [];
    const user = userEvent.setup();
    const { container } = render(<Harness form={form} seen={seen} />);
    const area = screen.getByRole('textbox', { name: 'Feedback' });
    expect(container.querySelector('.rf-md-preview')).toBeNull();
    await user.click(area);
    await user.paste(HOSTILE);
    expect(last(seen).feedback).toBe(HOSTILE);
    const preview = container.querySelector('.rf-md-preview');
    expect(preview?.textContent).toContain('<script>alert(1)</script>');
    expect(preview?.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    fireEvent.change(area, { target: { value: '' } });
    expect('feedback' in last(seen)).toBe(false);
  });
});
