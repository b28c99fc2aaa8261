/** Stored documents name the server's own files through a placeholder; replies carry the real base URL. */
import { describe, expect, it } from 'vitest';
import { BASE_URL_PLACEHOLDER } from '../../src/server/domain/files';
import { withBaseUrl } from '../../src/server/http/reply';

describe('withBaseUrl', () => {
  it('replaces every placeholder in UTF-8 JSON and leaves the rest byte for byte', () => {
    const doc = JSON.stringify({
      title: 'Étiquette “café” → ok',
      files: { a: { url: `${BASE_URL_PLACEHOLDER}/files/a.png` }, b: { url: `${BASE_URL_PLACEHOLDER}/files/b.png?sig=x` } },
    });
    const out = withBaseUrl(Buffer.from(doc), 'http://127.0.0.1:4321/api/v1');
    expect(out.toString('utf8')).toBe(doc.replaceAll(BASE_URL_PLACEHOLDER, 'http://127.0.0.1:4321/api/v1'));
  });

  it('hands back the same buffer when there is nothing to replace', () => {
    const buf = Buffer.from('{"changes":[],"has_more":false}');
    expect(withBaseUrl(buf, 'http://x')).toBe(buf);
  });
});
