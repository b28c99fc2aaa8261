/**
 * `GET /files/<name>.png?sig=…`: the demo attachments, drawn from their name.
 * Like a presigned object-store URL the signature is the credential, so no
 * token is needed (an <img> or a plain download can fetch it); a wrong or
 * missing signature is 403.
 */
import type { ServerContext } from '../context';
import { imageBytes, parseImageName, verifyFileSignature } from '../domain/files';
import { HttpError, notFound } from '../http/errors';
import { HANDLED, type Router } from '../http/router';

export function registerFileRoutes(router: Router, ctx: ServerContext): void {
  router.public('GET', '/files/:name', (req) => {
    const name = req.params.name ?? '';
    const spec = parseImageName(name);
    if (!spec) throw notFound('No such file.');
    if (!verifyFileSignature(ctx.fileSecret, name, req.query.get('sig'))) {
      throw new HttpError(403, 'forbidden', 'Missing or invalid file signature.');
    }
    const { bytes, sha256 } = imageBytes(spec);
    req.res.writeHead(200, {
      'Content-Type': 'image/png',
      'Content-Length': String(bytes.length),
      'Cache-Control': 'private, max-age=86400',
      ETag: `"${sha256}"`,
    });
    req.res.end(bytes);
    return HANDLED;
  });
}
