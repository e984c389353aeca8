// Secrets in text (a comment's body) by the same rules as in an image's recognised text: kinds and the
// line each starts on, and nothing in the ordinary text of an issue comment.
import { describe, expect, it } from 'vitest';
import { findSecretsInText } from '../../src-main/core/redact/text.ts';

describe('findSecretsInText', () => {
  it('finds what the image rules find, with the line it is on', () => {
    expect(
      findSecretsInText(
        [
          'Steps:',
          'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
          '',
          'curl -H "Authorization: Bearer sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"',
          'password: hunter2hunter2, mail jane.doe@example.com',
        ].join('\r\n'),
      ),
    ).toEqual([
      { kind: 'aws-access-key', line: 2 },
      { kind: 'openai-key', line: 4 },
      { kind: 'email', line: 5 },
      { kind: 'labelled-secret', line: 5 },
    ]);
  });

  it('finds nothing in an ordinary comment: links, commits, paths, ids', () => {
    const comment = [
      'Fixed in 3f2a9c1e7b5d4a6c8e0f1a2b3c4d5e6f7a8b9c0d, see https://github.com/octo/app/pull/12',
      "Error: Cannot read properties of undefined (reading 'map') at src/App.tsx:42:13",
      'The commit abc1234 fixes #12; run `npm test`; uuid 123e4567-e89b-12d3-a456-426614174000',
      'The dialog before.png and after the fix:',
    ].join('\n');
    expect(findSecretsInText(comment)).toEqual([]);
  });
});
