import { describe, expect, it } from 'vitest';
import {
  parseTemplate,
  renderTemplate,
  functionsIn,
  TemplateError,
} from '../../src-main/core/providers/custom/template.ts';

function answer(text: string, headers: Record<string, string> = {}, url = 'http://127.0.0.1/final') {
  return { fileName: 'shot.png', response: { text, url, headers: new Headers(headers) } };
}
const render = (template: string, scope = answer('')) => renderTemplate(parseTemplate(template), scope);

describe('ShareX template syntax', () => {
  it('reads JSON paths with dots, indexes, quoted keys and a leading $', () => {
    const json = JSON.stringify({
      data: { link: 'https://x/1.png' },
      files: [{ url: 'https://x/2.png' }],
      'odd key': 7,
    });
    expect(render('{json:data.link}', answer(json))).toBe('https://x/1.png');
    expect(render('{json:files[0].url}', answer(json))).toBe('https://x/2.png');
    expect(render('{json:$.data.link}', answer(json))).toBe('https://x/1.png');
    expect(render("{json:['odd key']}", answer(json))).toBe('7');
    expect(() => render('{json:data.missing}', answer(json))).toThrow(/has no data\.missing/);
    expect(() => render('{json:url}', answer('<html>oops</html>'))).toThrow(/not JSON/);
  });

  it('reads XML paths: absolute, descendant, position, attribute', () => {
    const xml =
      '<?xml version="1.0"?><rsp stat="ok"><image><url>https://x/a.png</url></image><image><url>https://x/b.png</url></image><link href="https://x/h"/></rsp>';
    expect(render('{xml:/rsp/image/url}', answer(xml))).toBe('https://x/a.png');
    expect(render('{xml:/rsp/image[2]/url}', answer(xml))).toBe('https://x/b.png');
    expect(render('{xml://url}', answer(xml))).toBe('https://x/a.png');
    expect(render('{xml:/rsp/link/@href}', answer(xml))).toBe('https://x/h');
    expect(() => render('{xml:/rsp/nothing}', answer(xml))).toThrow(/nothing at/);
    expect(() => render('{xml:/a}', answer('not xml <'))).toThrow(/not XML/);
  });

  it('reads regular expressions with a group number or name, with \\d kept as written', () => {
    const text = 'Uploaded! id=AbC123 at https://x/AbC123.png';
    expect(render('{regex:https://\\S+}', answer(text))).toBe('https://x/AbC123.png');
    expect(render('{regex:id=(\\w+)|1}', answer(text))).toBe('AbC123');
    expect(render('{regex:id=(?<id>\\w+)|id}', answer(text))).toBe('AbC123');
    expect(render('{regex:(\\d\\{3\\})|1}', answer(text))).toBe('123');
    expect(() => render('{regex:nope(\\d+)|1}', answer(text))).toThrow(/does not match/);
  });

  it('has response, responseurl, header, filename, random and base64', () => {
    const scope = answer(
      'https://x/plain.png\n',
      { Location: 'https://x/loc.png' },
      'https://x/after-redirect',
    );
    expect(render('{response}', scope)).toBe('https://x/plain.png\n');
    expect(render('{responseurl}', scope)).toBe('https://x/after-redirect');
    expect(render('{header:location}', scope)).toBe('https://x/loc.png');
    expect(render('name={filename}', scope)).toBe('name=shot.png');
    expect(['a', 'b']).toContain(render('{random:a|b}', scope));
    expect(render('{base64:user:pass}', scope)).toBe(Buffer.from('user:pass').toString('base64'));
    expect(() => render('{header:X-None}', scope)).toThrow(/no "X-None" header/);
  });

  it('nests functions and escapes special characters', () => {
    const json = JSON.stringify({ a: 'https://x/a', b: 'https://x/b' });
    expect(render('{json:{random:a}}', answer(json))).toBe('https://x/a');
    expect(render('\\{literal\\} \\| \\\\', answer(''))).toBe('{literal} | \\');
    expect(functionsIn(parseTemplate('{json:{random:a|b}}/{filename}'))).toEqual([
      'json',
      'random',
      'filename',
    ]);
  });

  it('refuses unclosed functions and response functions in a request', () => {
    expect(() => parseTemplate('https://x/{json:url')).toThrow(TemplateError);
    expect(() => renderTemplate(parseTemplate('{json:url}'), { fileName: 'a.png' })).toThrow(
      /cannot be used in the request/,
    );
  });
});
