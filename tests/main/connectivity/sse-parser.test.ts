import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from '../../../src/main/sync/sse-parser';

function parse(chunks: (string | Uint8Array)[]) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const p = createSseParser({
    onEvent: (e) => events.push(e),
    onComment: (c) => comments.push(c),
    onRetry: (ms) => retries.push(ms),
  });
  for (const c of chunks) p.push(c);
  return { events, comments, retries };
}

describe('the text/event-stream parser', () => {
  it('reads the reference server’s frames: retry advice, comments, named events with JSON data', () => {
    const r = parse(['retry: 3000\n: connected\n\n', 'event: changes\ndata: {"cursor": "c1"}\n\n', ': keepalive\n\n']);
    expect(r.retries).toEqual([3000]);
    expect(r.comments).toEqual(['connected', 'keepalive']);
    expect(r.events).toEqual([{ event: 'changes', data: '{"cursor": "c1"}', id: null }]);
  });

  it('does not care where the chunks are cut, including inside a CR LF pair and a UTF-8 character', () => {
    const text = 'event: changes\r\ndata: {"note":"café"}\r\n\r\nid: 7\r\ndata: a\r\ndata: b\r\n\r\n';
    const bytes = new TextEncoder().encode(text);
    for (let cut = 1; cut < bytes.length; cut++) {
      const r = parse([bytes.slice(0, cut), bytes.slice(cut)]);
      expect(r.events, `cut at ${cut}`).toEqual([
        { event: 'changes', data: '{"note":"café"}', id: null },
        { event: 'message', data: 'a\nb', id: '7' },
      ]);
    }
    const oneByOne = parse([...bytes].map((b) => new Uint8Array([b])));
    expect(oneByOne.events).toHaveLength(2);
  });

  it('handles bare CR line ends, a leading BOM, fields without a value, and ignores unknown fields', () => {
    const r = parse(['\uFEFFdata\rdata: x\rfoo: bar\r\r', 'event: changes\n\n']);
    expect(r.events).toEqual([{ event: 'message', data: '\nx', id: null }]);
  });

  it('an event not yet ended by a blank line is not dispatched', () => {
    expect(parse(['event: changes\ndata: {}\n']).events).toEqual([]);
  });
});
