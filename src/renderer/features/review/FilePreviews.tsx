import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FileContent } from '../../../shared/contract';
import type { FileRef } from '../../../shared/protocol';
import { useAppStore } from '../../store';
import { describeError } from '../../store/error-words';
import { base64ToBytes, saveFile } from '../../store/save-file';
import { fileKind, formatBytes } from './AssignmentContext';

/** Image types a browser shows in <img> without running anything (SVG in <img> runs no script either). */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp', 'image/svg+xml']);
/** Text shown inline is capped; the whole file can still be saved. */
const MAX_TEXT_CHARS = 200_000;

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/json': 'json',
  'text/plain': 'txt',
  'text/csv': 'csv',
  'audio/mpeg': 'mp3',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

/** The file's name for saving: the assignment's key for it, with an extension from its type. */
export function downloadName(name: string, mime: string | null): string {
  const printable = [...name].map((c) => (c.charCodeAt(0) < 32 ? '_' : c)).join('');
  const safe = printable.replace(/[\\/:*?"<>|]/g, '_').slice(0, 120) || 'file';
  const ext = mime ? EXTENSIONS[mime] : undefined;
  return ext && !/\.[a-z0-9]{1,5}$/i.test(safe) ? `${safe}.${ext}` : safe;
}

/**
 * The assignment's files with previews from the offline cache. URLs are
 * keys only: never shown, never loaded by the page (they are presigned
 * secrets, and untrusted).
 */
export function FileList({ files }: { files: Record<string, FileRef> }) {
  const entries = Object.entries(files);
  if (entries.length === 0) return null;
  return (
    <section className="review-section" aria-labelledby="files-title">
      <h3 id="files-title">
        Files <span className="muted">({entries.length})</span>
      </h3>
      <ul className="file-list">
        {entries.map(([name, f]) => (
          <FileCard key={name} name={name} file={f} />
        ))}
      </ul>
    </section>
  );
}

function FileCard({ name, file }: { name: string; file: FileRef }) {
  const preview = useAppStore((s) => s.filePreviews[file.url]);
  const load = useAppStore((s) => s.loadFilePreview);
  useEffect(() => {
    void load(file.url);
  }, [load, file.url]);

  const content = preview?.status === 'ready' ? preview.content : null;
  const mime = content?.mime ?? file.mime ?? null;
  return (
    <li className="file-card">
      <div className="file-card__info">
        <span className="file-card__name">{name}</span>
        <span className="muted">
          {mime ?? 'unknown type'} · {formatBytes(content?.size ?? file.size)}
        </span>
      </div>
      {!preview || preview.status === 'loading' ? (
        <p className="file-card__status muted">Loading preview…</p>
      ) : preview.status === 'error' ? (
        <p className="file-card__status notice notice--danger">No preview. {describeError(preview.error)}</p>
      ) : content === null ? (
        <div className="file-card__placeholder">
          <span className="file-card__kind" aria-hidden="true">
            {fileKind(file.mime)}
          </span>
          <p className="file-card__status">
            <strong>Not downloaded yet.</strong> It downloads at the next sync while this assignment is open.
          </p>
          <button type="button" className="button button--small" onClick={() => void load(file.url, true)}>
            Check again
          </button>
        </div>
      ) : (
        <Preview name={name} content={content} />
      )}
    </li>
  );
}

function Preview({ name, content }: { name: string; content: FileContent }) {
  const mime = content.mime ?? 'application/octet-stream';
  const text = useMemo(() => (isText(mime) ? decodeText(content.base64) : null), [mime, content.base64]);
  const save = (
    <button
      type="button"
      className="button button--small"
      onClick={() => saveFile(downloadName(name, content.mime), mime, base64ToBytes(content.base64))}
    >
      Save {kindWord(mime)}
    </button>
  );

  if (IMAGE_TYPES.has(mime)) {
    // data: images are allowed by the page's CSP (img-src 'self' data: blob:).
    return <img className="file-card__image" src={`data:${mime};base64,${content.base64}`} alt={`${name} (image file)`} />;
  }
  if (text !== null) {
    return (
      <div className="file-card__text">
        <pre tabIndex={0} aria-label={`${name} (text file)`}>
          {text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}\n…` : text}
        </pre>
        {text.length > MAX_TEXT_CHARS && <p className="muted">Only the beginning is shown. {save}</p>}
      </div>
    );
  }
  if (mime.startsWith('audio/') || mime.startsWith('video/')) {
    return <MediaPreview name={name} mime={mime} base64={content.base64} save={save} />;
  }
  return (
    <div className="file-card__download">
      {mime === 'application/pdf' && <p className="muted">PDFs open in your own viewer.</p>}
      {save}
    </div>
  );
}

/**
 * Audio and video play from an object URL of the cached bytes: the page's CSP
 * allows `media-src 'self' blob:` (index.html, web.html, the hosts' headers),
 * never the file's own URL. A type this browser cannot play says so, and the
 * file can always be saved.
 */
function MediaPreview({ name, mime, base64, save }: { name: string; mime: string; base64: string; save: ReactNode }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const made = URL.createObjectURL(new Blob([base64ToBytes(base64)], { type: mime }));
    setUrl(made);
    setFailed(false);
    return () => URL.revokeObjectURL(made);
  }, [mime, base64]);
  const video = mime.startsWith('video/');
  const label = `${name} (${video ? 'video' : 'audio'} file)`;
  return (
    <div className="file-card__media">
      {url &&
        (video ? (
          <video
            className="file-card__video"
            controls
            preload="metadata"
            src={url}
            aria-label={label}
            onError={() => setFailed(true)}
          />
        ) : (
          <audio controls preload="metadata" src={url} aria-label={label} onError={() => setFailed(true)} />
        ))}
      {failed && <p className="muted">This type cannot be played here; save the file to play it.</p>}
      {save}
    </div>
  );
}

function isText(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/json' || mime.endsWith('+json');
}

function decodeText(base64: string): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(base64ToBytes(base64));
}

function kindWord(mime: string): string {
  if (mime === 'application/pdf') return 'PDF';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  if (isText(mime)) return 'text';
  return 'file';
}
