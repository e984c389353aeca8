// ShareX's custom uploader syntax (13.0 and later): text with functions in braces, e.g.
// "https://host/{json:files[0].name}" or "{regex:id=(\w+)|1}". Functions nest, arguments are separated
// by "|", and "\" escapes the four special characters { } | \ (any other backslash is kept, so regular
// expressions such as \d read naturally). Parsed once when an uploader is added, to refuse anything we
// cannot do before the first upload; rendered for each request and each answer.
import { runInNewContext } from 'node:vm';
import { randomInt } from 'node:crypto';
import { selectJson } from './json-path.ts';
import { selectXml } from './xml-path.ts';
import { TemplateError } from './template-error.ts';
import type { ResponseHeaders } from '../http.ts';

export { TemplateError };

export type TemplatePart = string | { fn: string; args: TemplatePart[][] };

/** Functions usable before the request is sent (URL, headers, form arguments). */
export const REQUEST_FUNCTIONS = ['filename', 'random', 'base64'] as const;
/** Functions that read the host's answer (URL, ThumbnailURL, DeletionURL, ErrorMessage). */
export const RESPONSE_FUNCTIONS = ['response', 'responseurl', 'header', 'json', 'xml', 'regex'] as const;

/** ShareX functions we know but refuse, with why, for the message. */
export const REFUSED_FUNCTIONS: Record<string, string> = {
  input: 'is the text of a text upload; Shotlink uploads images',
  prompt: 'asks a question during each upload; Shotlink uploads without asking',
  inputbox: 'asks a question during each upload; Shotlink uploads without asking',
  select: 'asks the user to pick during each upload; Shotlink uploads without asking',
  outputbox: 'shows a dialog after each upload; Shotlink has none',
};

const ESCAPABLE = new Set(['{', '}', '|', '\\']);

export function parseTemplate(text: string): TemplatePart[] {
  let i = 0;

  const sequence = (insideCall: boolean): TemplatePart[] => {
    const parts: TemplatePart[] = [];
    let literal = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) {
        literal += text[i + 1];
        i += 2;
      } else if (c === '{') {
        if (literal) parts.push(literal);
        literal = '';
        i += 1;
        parts.push(call());
      } else if (insideCall && (c === '}' || c === '|')) {
        break;
      } else {
        literal += c;
        i += 1;
      }
    }
    if (literal) parts.push(literal);
    return parts;
  };

  const call = (): TemplatePart => {
    const start = i;
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i += 1;
    const fn = text.slice(start, i).toLowerCase();
    const args: TemplatePart[][] = [];
    if (text[i] === ':') {
      i += 1;
      args.push(sequence(true));
      while (text[i] === '|') {
        i += 1;
        args.push(sequence(true));
      }
    }
    if (text[i] !== '}') {
      throw new TemplateError(
        `"{${fn || text.slice(start, start + 12)}" is not closed with "}" (write \\{ and \\} for literal braces)`,
      );
    }
    i += 1;
    return { fn, args };
  };

  return sequence(false);
}

/** Every function name used, nested ones included. */
export function functionsIn(parts: TemplatePart[]): string[] {
  return parts.flatMap((part) =>
    typeof part === 'string' ? [] : [part.fn, ...part.args.flatMap((arg) => functionsIn(arg))],
  );
}

export interface TemplateScope {
  fileName: string;
  /** Present once the host has answered. */
  response?: { text: string; url: string; headers: ResponseHeaders };
}

/**
 * Fills in a template. `encode` is applied to what each function gives (never to the literal text):
 * in a URL, `{filename}` becomes `Screen%20Shot.png`, as ShareX does.
 */
export function renderTemplate(
  parts: TemplatePart[],
  scope: TemplateScope,
  encode: (value: string) => string = (value) => value,
): string {
  return parts.map((part) => (typeof part === 'string' ? part : encode(callFunction(part, scope)))).join('');
}

function callFunction(part: Exclude<TemplatePart, string>, scope: TemplateScope): string {
  const args = part.args.map((arg) => renderTemplate(arg, scope));
  const first = args[0] ?? '';
  switch (part.fn) {
    case 'filename':
      return scope.fileName;
    case 'random':
      if (args.length === 0) throw new TemplateError('{random:...} needs choices separated by |');
      return args[randomInt(args.length)]!;
    case 'base64':
      return Buffer.from(first, 'utf8').toString('base64');
  }
  const response = scope.response;
  if (!response)
    throw new TemplateError(`{${part.fn}} reads the host's answer and cannot be used in the request`);
  switch (part.fn) {
    case 'response':
      return response.text;
    case 'responseurl':
      return response.url;
    case 'header': {
      const value = response.headers.get(first);
      if (value === null) throw new TemplateError(`the answer has no "${first}" header`);
      return value;
    }
    case 'json':
      return selectJson(response.text, first);
    case 'xml':
      return selectXml(response.text, first);
    case 'regex':
      return selectRegex(response.text, first, args[1]);
    default:
      throw new TemplateError(`unknown function {${part.fn}}`);
  }
}

/** How long one {regex:...} may run on an answer. */
export const REGEX_TIME_LIMIT_MS = 250;

function selectRegex(text: string, pattern: string, group: string | undefined): string {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch (error) {
    throw new TemplateError(
      `{regex:${pattern}} is not a valid regular expression (${(error as Error).message})`,
    );
  }
  let match: RegExpExecArray | null;
  try {
    // An uploader's pattern may backtrack without end (`^(a+)+$` against 31 a's and a "!"): it gets a
    // hard time limit, so it cannot stall the service, the queue or the embedded server.
    match = runInNewContext(
      'regex.exec(text)',
      { regex, text },
      { timeout: REGEX_TIME_LIMIT_MS },
    ) as RegExpExecArray | null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    throw new TemplateError(
      `{regex:${pattern}} took longer than ${REGEX_TIME_LIMIT_MS} ms on the answer and was stopped: ` +
        'the pattern backtracks too much; simplify it',
    );
  }
  if (!match) throw new TemplateError(`the answer does not match {regex:${pattern}}`);
  const value =
    group === undefined || group === ''
      ? match[0]
      : /^\d+$/.test(group)
        ? match[Number(group)]
        : match.groups?.[group];
  if (value === undefined) throw new TemplateError(`{regex:${pattern}} has no group ${group}`);
  return value;
}
