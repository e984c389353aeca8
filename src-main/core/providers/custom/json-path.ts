// {json:path} in ShareX: a path into the answer in the JSON.NET SelectToken style ShareX uses:
// `url`, `data.link`, `files[0].url`, `$.url`, `['odd key']`.
import { TemplateError } from './template-error.ts';

export function selectJson(text: string, path: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TemplateError(
      `{json:${path}} needs a JSON answer, and the answer is not JSON ("${excerpt(text)}")`,
    );
  }
  for (const key of pathKeys(path)) {
    if (value !== null && typeof value === 'object' && key in value) {
      value = (value as Record<string, unknown>)[key];
    } else {
      throw new TemplateError(`the JSON answer has no ${path} ("${excerpt(text)}")`);
    }
  }
  if (value === null || value === undefined) throw new TemplateError(`${path} is empty in the JSON answer`);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function pathKeys(path: string): string[] {
  const keys: string[] = [];
  const rest = path.trim().replace(/^\$\.?/, '');
  const token = /\.?([^.[\]]+)|\[(\d+)\]|\[\s*(['"])(.*?)\3\s*\]/gy;
  let match: RegExpExecArray | null;
  while (token.lastIndex < rest.length && (match = token.exec(rest))) {
    keys.push(match[1] ?? match[2] ?? match[4] ?? '');
  }
  if (token.lastIndex < rest.length)
    throw new TemplateError(`{json:${path}} is not a path such as files[0].url`);
  return keys;
}

function excerpt(text: string): string {
  return text.trim().replace(/\s+/g, ' ').slice(0, 80);
}
