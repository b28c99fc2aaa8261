import { call } from '../api';
import type { FileContent } from '../../shared/contract';
import type { AppError } from '../../shared/result';
import type { SliceCreator } from './types';

/** A file preview's state: asked, answered (null content: not downloaded yet), or failed. */
export type FilePreview =
  { status: 'loading' } | { status: 'ready'; content: FileContent | null } | { status: 'error'; error: AppError };

/** Previews of the open assignment's files, read from the offline cache (`file:read`). */
export interface FilesSlice {
  /** By file URL (a presigned URL is a secret: it is only a key here, never shown or followed). */
  filePreviews: Record<string, FilePreview>;
  loadFilePreview(url: string, again?: boolean): Promise<void>;
}

/** Bytes held for previews are capped by count: older ones are asked again if needed. */
const MAX_PREVIEWS = 16;

export const createFilesSlice: SliceCreator<FilesSlice> = (set, get) => ({
  filePreviews: {},

  async loadFilePreview(url, again = false) {
    const known = get().filePreviews[url];
    if (known && !again && known.status !== 'error') return;
    const put = (p: FilePreview) =>
      set((s) => {
        const rest = Object.entries(s.filePreviews).filter(([k]) => k !== url);
        return { filePreviews: Object.fromEntries([...rest.slice(-(MAX_PREVIEWS - 1)), [url, p]]) };
      });
    put({ status: 'loading' });
    const res = await call('file:read', { url });
    put(res.ok ? { status: 'ready', content: res.value } : { status: 'error', error: res.error });
  },
});
