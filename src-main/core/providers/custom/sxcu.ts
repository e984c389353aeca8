// ShareX custom uploader files (.sxcu): reading, checking and normalising them. Everything we cannot do
// is refused here, when the uploader is added, with a message naming the feature — never at upload time.
//
// Supported: the ShareX 13+ format (RequestMethod, RequestURL, Parameters, Headers, Body, Arguments,
// FileFormName, URL, ThumbnailURL, DeletionURL, ErrorMessage and the {…} syntax of template.ts), and
// files from older ShareX versions that only differ by names (RequestType, the long Body labels,
// ResponseType, $json:…$ syntax), which are converted.
import * as z from 'zod';
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import {
  parseTemplate,
  functionsIn,
  REQUEST_FUNCTIONS,
  RESPONSE_FUNCTIONS,
  REFUSED_FUNCTIONS,
  TemplateError,
  type TemplatePart,
} from './template.ts';

const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

/** The file as ShareX writes it; every key optional except the request URL. */
export const sxcuSchema = z.strictObject({
  $schema: z.string().optional(),
  Version: z.string().optional(),
  Name: z.string().optional(),
  DestinationType: z.string().optional(),
  RequestMethod: z.string().optional(),
  RequestURL: z.string().min(1, 'must not be empty'),
  Parameters: stringMap.optional(),
  Headers: stringMap.optional(),
  Body: z.string().optional(),
  Arguments: stringMap.optional(),
  FileFormName: z.string().optional(),
  Data: z.string().optional(),
  URL: z.string().optional(),
  ThumbnailURL: z.string().optional(),
  DeletionURL: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

export type Sxcu = z.input<typeof sxcuSchema>;

export type SxcuBody = 'MultipartFormData' | 'Binary';

/** An uploader ready to use: templates parsed, defaults filled in. */
export interface CustomUploaderSpec {
  name: string;
  method: 'POST' | 'PUT' | 'PATCH';
  url: TemplatePart[];
  parameters: [string, TemplatePart[]][];
  headers: [string, TemplatePart[]][];
  body: SxcuBody;
  arguments: [string, TemplatePart[]][];
  fileFormName: string;
  resultUrl: TemplatePart[];
  thumbnailUrl: TemplatePart[] | undefined;
  deletionUrl: TemplatePart[] | undefined;
  errorMessage: TemplatePart[] | undefined;
}

/** Keys of ShareX 12 files, renamed in 13; converted where the meaning is plain. */
const OLD_BODY_LABELS: Record<string, string> = {
  'no body': 'None',
  'form data (multipart/form-data)': 'MultipartFormData',
  'form url encoded (application/x-www-form-urlencoded)': 'FormURLEncoded',
  'json (application/json)': 'JSON',
  'xml (application/xml)': 'XML',
  binary: 'Binary',
};

/** Parses the text of an .sxcu file; `source` names it in messages. Returns the (converted) file. */
export function readSxcu(text: string, source: string): Sxcu {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw refuse(
      source,
      `it is not valid JSON (${(error as Error).message}). An .sxcu file is JSON exported from ShareX.`,
    );
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw refuse(source, 'it is not a JSON object.');
  const converted = convertOldFormat(json as Record<string, unknown>, source);
  const parsed = sxcuSchema.safeParse(converted);
  if (!parsed.success) {
    const unknownKeys = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' ? issue.keys : [],
    );
    if (unknownKeys.length > 0) {
      throw refuse(
        source,
        `it uses ${unknownKeys.map((k) => `"${k}"`).join(', ')}, which Shotlink does not support.`,
      );
    }
    const problem = parsed.error.issues[0]!;
    throw refuse(source, `${problem.path.join('.') || 'the file'}: ${problem.message}.`);
  }
  return converted as Sxcu;
}

/** Checks an .sxcu against what Shotlink can do and prepares it for uploads. */
export function compileSxcu(sxcu: Sxcu, name: string, source: string): CustomUploaderSpec {
  const file = sxcuSchema.parse(sxcu);
  const destinations = (file.DestinationType ?? 'ImageUploader')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  if (!destinations.some((d) => d === 'ImageUploader' || d === 'FileUploader')) {
    throw refuse(
      source,
      `it is a ${destinations.join(' / ') || 'None'} destination, not an image or file uploader (DestinationType).`,
    );
  }
  const method = (file.RequestMethod ?? 'POST').toUpperCase();
  if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') {
    throw refuse(source, `RequestMethod ${method} cannot carry an image; use POST, PUT or PATCH.`);
  }
  const body = file.Body ?? 'MultipartFormData';
  if (body !== 'MultipartFormData' && body !== 'Binary') {
    // ShareX itself only uploads files as multipart or binary bodies; the others carry text or URLs.
    const why =
      body === 'JSON' || body === 'XML' || body === 'FormURLEncoded'
        ? `Body ${body} sends only the text in Data/Arguments, not the image (ShareX uses it for text and URL uploaders)`
        : `Body "${body}" is not a ShareX body type`;
    throw refuse(source, `${why}. Image uploaders need Body MultipartFormData or Binary.`);
  }
  if (body === 'Binary' && file.Arguments && Object.keys(file.Arguments).length > 0) {
    throw refuse(source, 'Arguments cannot be sent with Body Binary (the body is the image itself).');
  }
  if (!file.URL?.trim()) {
    throw refuse(
      source,
      'it has no URL: the field that tells where the uploaded image is, e.g. "{json:url}".',
    );
  }
  const requestTemplate = (field: string, text: string) =>
    compileTemplate(text, field, REQUEST_FUNCTIONS, source);
  const responseTemplate = (field: string, text: string | undefined) =>
    text?.trim()
      ? compileTemplate(text, field, [...REQUEST_FUNCTIONS, ...RESPONSE_FUNCTIONS], source)
      : undefined;
  const entries = (field: string, map: Record<string, string> | undefined) =>
    Object.entries(map ?? {}).map(([key, value]): [string, TemplatePart[]] => [
      key,
      requestTemplate(`${field}.${key}`, value),
    ]);

  const url = requestTemplate('RequestURL', file.RequestURL);
  const scheme = typeof url[0] === 'string' ? /^([a-z][a-z0-9+.-]*):/i.exec(url[0])?.[1] : undefined;
  if (scheme?.toLowerCase() !== 'http' && scheme?.toLowerCase() !== 'https') {
    throw refuse(
      source,
      `RequestURL must start with http:// or https://${scheme ? ` (not ${scheme}:)` : ''}: Shotlink sends images to web servers only.`,
    );
  }
  // A line break in a header would start a header (or a request) of the file's choosing.
  for (const [key, value] of Object.entries(file.Headers ?? {})) {
    if (/[\r\n]/.test(key) || /[\r\n]/.test(value)) {
      throw refuse(
        source,
        `the header "${key.replace(/[\r\n]/g, ' ')}" contains a line break, which no header may.`,
      );
    }
  }

  return {
    name,
    method,
    url,
    parameters: entries('Parameters', file.Parameters),
    headers: entries('Headers', file.Headers),
    body,
    arguments: entries('Arguments', file.Arguments),
    fileFormName: file.FileFormName?.trim() || 'file',
    resultUrl: responseTemplate('URL', file.URL)!,
    thumbnailUrl: responseTemplate('ThumbnailURL', file.ThumbnailURL),
    deletionUrl: responseTemplate('DeletionURL', file.DeletionURL),
    errorMessage: responseTemplate('ErrorMessage', file.ErrorMessage),
  };
}

function compileTemplate(
  text: string,
  field: string,
  allowed: readonly string[],
  source: string,
): TemplatePart[] {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateError) throw refuse(source, `${field}: ${error.message}.`);
    throw error;
  }
  for (const fn of functionsIn(parts)) {
    if (allowed.includes(fn)) continue;
    const refused = REFUSED_FUNCTIONS[fn];
    if (refused) throw refuse(source, `${field} uses {${fn}}, which ${refused}.`);
    if ((RESPONSE_FUNCTIONS as readonly string[]).includes(fn)) {
      throw refuse(
        source,
        `${field} uses {${fn}}, which reads the host's answer and cannot be used before the request.`,
      );
    }
    throw refuse(
      source,
      `${field} uses {${fn}}, which is not ShareX syntax Shotlink knows (write \\{ and \\} for literal braces).`,
    );
  }
  return parts;
}

/** ShareX 12 files: RequestType → RequestMethod, long Body labels, ResponseType, $name:arg$ syntax. */
function convertOldFormat(file: Record<string, unknown>, source: string): Record<string, unknown> {
  const out = { ...file };
  if ('RequestType' in out) {
    out.RequestMethod ??= out.RequestType;
    delete out.RequestType;
  }
  if (typeof out.Body === 'string') out.Body = OLD_BODY_LABELS[out.Body.toLowerCase()] ?? out.Body;
  if ('RegexList' in out) {
    throw refuse(
      source,
      'it uses "RegexList" (ShareX 12 regular expressions); open it in ShareX 13 or newer and export it again.',
    );
  }
  if ('ResponseType' in out) {
    const type = String(out.ResponseType);
    delete out.ResponseType;
    if (type === 'RedirectionURL') out.URL = out.URL || '{responseurl}';
    else if (type === 'LocationHeader') out.URL = out.URL || '{header:Location}';
    else if (type !== 'Text') throw refuse(source, `ResponseType "${type}" is not supported.`);
  }
  for (const field of ['URL', 'ThumbnailURL', 'DeletionURL', 'ErrorMessage', 'RequestURL'] as const) {
    if (typeof out[field] === 'string') out[field] = convertOldSyntax(out[field]);
  }
  return out;
}

/** "$json:url$" → "{json:url}" (ShareX 12 wrote functions between dollar signs). */
function convertOldSyntax(text: string): string {
  if (text.includes('{')) return text; // already the new syntax
  return text.replace(
    /\$(json|xml|header|response|responseurl|filename|random)(?::([^$]*))?\$/gi,
    (_m, fn: string, arg?: string) =>
      arg === undefined ? `{${fn.toLowerCase()}}` : `{${fn.toLowerCase()}:${arg}}`,
  );
}

function refuse(source: string, reason: string): ShotlinkError {
  return new ShotlinkError('input', `Cannot use the ShareX uploader ${source}: ${reason}`, {
    code: 'unsupported_sxcu',
  });
}
