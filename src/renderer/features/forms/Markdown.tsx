/**
 * Renders markdown as React elements from the parse tree of markdown.ts.
 * Text reaches the DOM only as React text children, never through
 * dangerouslySetInnerHTML, so markup in the source is shown, not run.
 */
import type { JSX, ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from './markdown';

function inlines(list: Inline[]): ReactNode[] {
  return list.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.v;
      case 'code':
        return <code key={i}>{n.v}</code>;
      case 'strong':
        return <strong key={i}>{inlines(n.c)}</strong>;
      case 'em':
        return <em key={i}>{inlines(n.c)}</em>;
      case 'link':
        return n.href === null ? (
          <span key={i}>{inlines(n.c)}</span>
        ) : (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {inlines(n.c)}
          </a>
        );
    }
  });
}

function blocks(list: Block[]): ReactNode[] {
  return list.map((b, i) => {
    switch (b.t) {
      case 'p':
        return <p key={i}>{inlines(b.c)}</p>;
      case 'h': {
        // Headings inside a form sit below the page's own h1/h2.
        const Tag = (['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const)[b.level - 1] ?? 'h6';
        return <Tag key={i}>{inlines(b.c)}</Tag>;
      }
      case 'ul':
      case 'ol': {
        const Tag = b.t;
        return (
          <Tag key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{inlines(item)}</li>
            ))}
          </Tag>
        );
      }
      case 'pre':
        return (
          <pre key={i}>
            <code>{b.v}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={i}>{blocks(b.c)}</blockquote>;
    }
  });
}

export function Markdown({ source, className }: { source: string; className?: string }): JSX.Element {
  return <div className={`rf-md${className ? ` ${className}` : ''}`}>{blocks(parseMarkdown(source))}</div>;
}
