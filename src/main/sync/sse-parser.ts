/**
 * An incremental text/event-stream parser (WHATWG HTML, "Server-sent
 * events"): bytes arrive in arbitrary chunks, so a line, or a CR LF pair, may
 * be cut anywhere. Comment lines (`: keepalive`) carry no event but prove the
 * stream is alive, which is why they are reported too.
 */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

export interface SseHandlers {
  onEvent(e: SseEvent): void;
  onComment?(text: string): void;
  /** The server's `retry:` advice, in ms. */
  onRetry?(ms: number): void;
}

/** A guard against a server that never ends a line: an event bigger than this is dropped. */
const MAX_BUFFER = 1024 * 1024;

export function createSseParser(h: SseHandlers) {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  /** The last chunk ended in CR: an LF at the start of the next one belongs to it. */
  let skipLf = false;
  let eventType = '';
  let data: string[] = [];
  let lastId: string | null = null;
  let first = true;

  function dispatch(): void {
    if (data.length > 0) h.onEvent({ event: eventType || 'message', data: data.join('\n'), id: lastId });
    eventType = '';
    data = [];
  }

  function line(l: string): void {
    if (l === '') return dispatch();
    if (l.startsWith(':')) return h.onComment?.(l.slice(1).trimStart());
    const colon = l.indexOf(':');
    const field = colon === -1 ? l : l.slice(0, colon);
    let value = colon === -1 ? '' : l.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') eventType = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) h.onRetry?.(Number(value));
  }

  function feedText(text: string): void {
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a leading BOM is not part of the stream
    }
    let i = 0;
    if (skipLf && text[0] === '\n') i = 1;
    skipLf = false;
    let start = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      line(buffer + text.slice(start, i));
      buffer = '';
      if (c === 13) {
        if (i + 1 === text.length) skipLf = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    buffer += text.slice(start);
    if (buffer.length > MAX_BUFFER) buffer = '';
  }

  return {
    push(chunk: Uint8Array | string): void {
      feedText(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
  };
}
export type SseParser = ReturnType<typeof createSseParser>;
