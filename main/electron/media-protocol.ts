import { parseMediaPath, PIXEL_HEADERS } from '../../app/api/media';
import { toApiError } from '../../app/api/errors';
import type { Runtime } from '../../app/runtime';
import { httpStatusOf } from '../web/http-status';

/** `cxr-media://media/<kind>/<id>` → the same bytes and headers the web host serves at `/media/<kind>/<id>`. */
export async function mediaResponse(runtime: Runtime, request: { readonly url: string; readonly method: string }): Promise<Response> {
  const url = new URL(request.url);
  const target = parseMediaPath(`/${url.hostname}${url.pathname}`);
  if (request.method !== 'GET' || !target) return new Response('Not found', { status: 404 });
  try {
    const media = await runtime.readMedia(target.kind, target.imageId);
    return new Response(new Uint8Array(media.body), {
      status: 200,
      headers: {
        'Content-Type': media.contentType,
        ...media.headers,
        // The page (file://) reads pixels with fetch: a cross-origin read that needs CORS, headers included.
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Expose-Headers': Object.values(PIXEL_HEADERS).join(', '),
      },
    });
  } catch (err) {
    const error = toApiError(err);
    return Response.json({ error: error.toJSON() }, { status: httpStatusOf(error.code) });
  }
}
