/** `reviewdesk://assignment/<id>` links: the only shape accepted, everything else ignored. */
export const PROTOCOL = 'reviewdesk';

export function assignmentFromLink(url: unknown): number | null {
  if (typeof url !== 'string') return null;
  const m = /^reviewdesk:\/\/assignment\/(\d{1,15})\/?$/i.exec(url.trim());
  if (!m) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** A second launch passes its links in argv (Windows, Linux); find the first one. */
export function assignmentFromArgv(argv: readonly string[]): number | null {
  for (const a of argv) {
    const id = assignmentFromLink(a);
    if (id !== null) return id;
  }
  return null;
}
