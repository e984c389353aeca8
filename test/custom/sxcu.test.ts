import { describe, expect, it } from 'vitest';
import { readSxcu, compileSxcu } from '../../src-main/core/providers/custom/sxcu.ts';
import { ShotlinkError } from '../../src-shared/errors.ts';

const base = {
  Version: '15.0.0',
  Name: 'Example',
  DestinationType: 'ImageUploader',
  RequestMethod: 'POST',
  RequestURL: 'https://example.org/upload',
  Body: 'MultipartFormData',
  FileFormName: 'file',
  URL: '{json:url}',
};

function check(file: Record<string, unknown>) {
  return compileSxcu(readSxcu(JSON.stringify(file), '"test.sxcu"'), 'test', '"test.sxcu"');
}

function refusal(file: Record<string, unknown> | string): ShotlinkError {
  try {
    if (typeof file === 'string') readSxcu(file, '"test.sxcu"');
    else check(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ShotlinkError);
    expect((error as ShotlinkError).kind).toBe('input');
    return error as ShotlinkError;
  }
  throw new Error('expected a refusal');
}

describe('.sxcu checks', () => {
  it('accepts a plain ShareX 13+ uploader', () => {
    const spec = check({ ...base, Headers: { Authorization: 'key' }, Arguments: { a: '{filename}' } });
    expect(spec.method).toBe('POST');
    expect(spec.body).toBe('MultipartFormData');
    expect(spec.headers.map(([k]) => k)).toEqual(['Authorization']);
  });

  it.each([
    [{ ...base, Body: 'JSON', Data: '{"text":"{input}"}' }, /Body JSON sends only the text/],
    [{ ...base, Body: 'FormURLEncoded' }, /Body FormURLEncoded sends only the text/],
    [{ ...base, Body: 'XML' }, /Body XML/],
    [{ ...base, Body: 'Carrier pigeon' }, /"Carrier pigeon" is not a ShareX body type/],
    [{ ...base, RequestMethod: 'GET' }, /RequestMethod GET cannot carry an image/],
    [{ ...base, DestinationType: 'URLShortener' }, /URLShortener destination/],
    [{ ...base, DestinationType: 'TextUploader, URLSharingService' }, /TextUploader \/ URLSharingService/],
    [{ ...base, URL: '{prompt:Title}' }, /\{prompt\}, which asks a question/],
    [{ ...base, URL: '{select:a|b}' }, /\{select\}/],
    [{ ...base, URL: '{outputbox}' }, /\{outputbox\}/],
    [{ ...base, Arguments: { text: '{input}' } }, /\{input\}, which is the text of a text upload/],
    [
      { ...base, RequestURL: 'https://x/{json:id}' },
      /RequestURL uses \{json\}, which reads the host's answer/,
    ],
    [{ ...base, URL: '{whatever:x}' }, /\{whatever\}, which is not ShareX syntax/],
    [{ ...base, URL: '{json:url' }, /URL: "\{json" is not closed/],
    [{ ...base, URL: '' }, /it has no URL/],
    [{ ...base, Body: 'Binary', Arguments: { a: 'b' } }, /Arguments cannot be sent with Body Binary/],
    [{ ...base, FileUploadProgress: true }, /"FileUploadProgress", which Shotlink does not support/],
    [{ ...base, RegexList: ['a'] }, /RegexList/],
    [{ ...base, ResponseType: 'Headers' }, /ResponseType "Headers" is not supported/],
  ])('refuses %#, naming the feature', (file, message) => {
    expect(refusal(file).message).toMatch(message);
  });

  it('refuses what is not JSON, or not an object', () => {
    expect(refusal('{oops').message).toMatch(/not valid JSON/);
    expect(refusal('[1]').message).toMatch(/not a JSON object/);
    expect(refusal(JSON.stringify({ Name: 'x' })).message).toMatch(/RequestURL/);
  });

  it('converts ShareX 12 files: RequestType, long Body labels, $json:...$ and ResponseType', () => {
    const old = readSxcu(
      JSON.stringify({
        Name: 'Old',
        DestinationType: 'ImageUploader, FileUploader',
        RequestType: 'POST',
        RequestURL: 'https://example.org/upload',
        Body: 'Form data (multipart/form-data)',
        FileFormName: 'files[]',
        ResponseType: 'Text',
        URL: '$json:files[0].url$',
        DeletionURL: 'https://example.org/delete/$json:files[0].id$',
      }),
      '"old.sxcu"',
    );
    expect(old).toMatchObject({
      RequestMethod: 'POST',
      Body: 'MultipartFormData',
      URL: '{json:files[0].url}',
    });
    expect(old.DeletionURL).toBe('https://example.org/delete/{json:files[0].id}');
    const location = readSxcu(
      JSON.stringify({ ...base, URL: undefined, ResponseType: 'LocationHeader' }),
      '"l"',
    );
    expect(location.URL).toBe('{header:Location}');
    // A BOM (Windows editors) is fine.
    expect(readSxcu(`\uFEFF${JSON.stringify(base)}`, '"bom"').Name).toBe('Example');
  });
});
