// A ShareX custom uploader as a Shotlink provider: build the request from the uploader's templates,
// send it through the shared HTTP layer (same timeouts and error messages as every host), and read the
// links out of the answer with the uploader's URL / ThumbnailURL / DeletionURL templates.
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import type { Provider, UploadInput, UploadOutcome } from '../provider.ts';
import {
  httpStatusError,
  multipartForm,
  sendHttpRequest,
  tryParseJson,
  type HostTarget,
  type FilePart,
  type HttpResponse,
  type MultipartBody,
} from '../http.ts';
import { renderTemplate, TemplateError, type TemplatePart, type TemplateScope } from './template.ts';
import type { CustomUploaderSpec } from './sxcu.ts';

export function createCustomProvider(spec: CustomUploaderSpec, options: { timeoutMs: number }): Provider {
  const target: HostTarget = { name: `the uploader "${spec.name}"` };
  const readsLocation = [spec.resultUrl, spec.thumbnailUrl, spec.deletionUrl].some(
    (parts) => parts !== undefined && readsLocationHeader(parts),
  );
  return {
    id: spec.name,
    async upload(input: UploadInput): Promise<UploadOutcome> {
      const scope: TemplateScope = { fileName: input.fileName };
      const render = (parts: TemplatePart[], field: string) => renderOrFail(parts, scope, spec.name, field);

      // What a placeholder gives is encoded in the URL ({filename} "a b.png" -> a%20b.png), as ShareX does.
      const url = new URL(
        renderOrFail(spec.url, scope, spec.name, 'RequestURL', 'usage', encodeURIComponent),
      );
      for (const [key, value] of spec.parameters)
        url.searchParams.set(key, render(value, `Parameters.${key}`));
      const headers = Object.fromEntries(
        spec.headers.map(([key, value]) => [key, render(value, `Headers.${key}`)]),
      );
      let body: MultipartBody | Uint8Array;
      if (spec.body === 'Binary') {
        body = input.bytes;
        if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type'))
          headers['content-type'] = input.contentType;
      } else {
        const fields: Record<string, string | FilePart> = {};
        for (const [key, value] of spec.arguments) fields[key] = render(value, `Arguments.${key}`);
        fields[spec.fileFormName] = {
          bytes: input.bytes,
          fileName: input.fileName,
          contentType: input.contentType,
        };
        body = multipartForm(fields);
      }

      const send = (to: URL) =>
        sendHttpRequest({
          target,
          url: to.href,
          method: spec.method,
          headers: { accept: '*/*', ...headers },
          body,
          timeoutMs: options.timeoutMs,
          ...(input.signal && { signal: input.signal }),
          // Redirects are judged here: the image and the uploader's headers (API keys) go to its own site only.
          redirect: 'manual',
        });
      let response = await send(url);
      for (let hops = 0; !readsLocation && isRedirect(response.status); hops++) {
        response = await send(sameSiteRedirect(response, url, spec.name, hops));
      }
      const answer: TemplateScope = {
        ...scope,
        response: { text: response.text, url: response.url, headers: response.headers },
      };

      const redirected = readsLocation && response.status >= 300 && response.status < 400;
      if (!redirected && (response.status < 200 || response.status >= 300)) {
        // The uploader's ErrorMessage template knows where this host puts its message.
        const said = spec.errorMessage ? tryRender(spec.errorMessage, answer) : undefined;
        throw httpStatusError(response, target, said ? { message: said } : tryParseJson(response));
      }

      const link = renderOrFail(spec.resultUrl, answer, spec.name, 'URL', 'host').trim();
      if (!/^https?:\/\/\S+$/i.test(link)) {
        throw new ShotlinkError(
          'host',
          `The uploader "${spec.name}" produced "${link.slice(0, 100)}" from the host's answer, which is not a link. ` +
            `Its URL field may not match what this host answers.`,
          { code: 'unexpected_response' },
        );
      }
      const thumbnailUrl = spec.thumbnailUrl && tryRender(spec.thumbnailUrl, answer);
      const deleteUrl = spec.deletionUrl && tryRender(spec.deletionUrl, answer);
      return {
        url: link,
        hostId: hostIdOf(link),
        ...(thumbnailUrl && { thumbnailUrl }),
        ...(deleteUrl && { deleteUrl }),
      };
    },
  };
}

function renderOrFail(
  parts: TemplatePart[],
  scope: TemplateScope,
  name: string,
  field: string,
  kind: 'usage' | 'host' = 'usage',
  encode?: (value: string) => string,
): string {
  try {
    return renderTemplate(parts, scope, encode);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const hint = kind === 'host' ? " The uploader's URL field may not match what this host answers." : '';
    throw new ShotlinkError(
      kind,
      `The uploader "${name}" could not fill in its ${field}: ${error.message}.${hint}`,
      {
        code: 'template_failed',
      },
    );
  }
}

/** Optional fields: a template that does not match this answer is simply left out. */
function tryRender(parts: TemplatePart[], scope: TemplateScope): string | undefined {
  try {
    return renderTemplate(parts, scope).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The host's id for the image: the last path segment of its link (hosts do not share a common id). */
function hostIdOf(link: string): string {
  const path = new URL(link).pathname.split('/').filter(Boolean);
  return path.at(-1) ?? link;
}

/** True when a template uses {header:Location} (at any depth). */
function readsLocationHeader(parts: TemplatePart[]): boolean {
  return parts.some(
    (part) =>
      typeof part !== 'string' &&
      ((part.fn === 'header' && part.args[0]?.join('').toLowerCase() === 'location') ||
        part.args.some((arg) => readsLocationHeader(arg))),
  );
}

const isRedirect = (status: number) => status >= 300 && status < 400;

/**
 * Where a redirect may take an upload: the same origin, kept method and body (307/308), a few hops at
 * most. Anywhere else would hand the image and the uploader's own headers (often an API key) to
 * another site, so it is refused with the address, not followed.
 */
function sameSiteRedirect(response: HttpResponse, from: URL, name: string, hops: number): URL {
  const location = response.headers.get('location');
  const to = location ? new URL(location, response.url || from) : null;
  const why =
    !to || hops >= 3
      ? 'redirects without end'
      : to.origin !== from.origin
        ? `redirects to another site (${to.origin})`
        : response.status !== 307 && response.status !== 308
          ? `answers HTTP ${response.status}, which would turn the upload into a GET`
          : null;
  if (why || !to) {
    throw new ShotlinkError(
      'host',
      `The uploader "${name}" ${why}; Shotlink does not send the image (or the uploader's headers) on. ` +
        'Update its RequestURL to where the host now takes uploads.',
      { code: 'bad_response' },
    );
  }
  return to;
}
