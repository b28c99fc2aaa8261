import { useAppStore } from '../../store';
import { safeColor } from '../../store/tags.slice';
import { tagLabel } from './labels';

/** One tag by its name, with the server's colour as a small swatch (never as the text colour: contrast). */
export function TagChip({ id }: { id: number }) {
  const name = useAppStore((s) => tagLabel(id, s.tagsById));
  const color = useAppStore((s) => safeColor(s.tagsById[id]?.color));
  return (
    <span className="tag">
      {color && <span className="tag__swatch" style={{ background: color }} aria-hidden="true" />}
      {name}
    </span>
  );
}
