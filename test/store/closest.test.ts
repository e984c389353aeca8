// "Did you mean …?": the closest known name, only when it is close enough to be what was meant.
import { describe, expect, it } from 'vitest';
import { closestName } from '../../src-main/core/util/closest.ts';

const KEYS = [
  'provider',
  'tier',
  'linkFormat',
  'linkTemplate',
  'payments.dailyCapUsdc',
  's3.bucket',
  's3.prefix',
];

describe('closestName', () => {
  it('forgives case, a name cut short, a swap and a typo', () => {
    expect(closestName('linkformat', KEYS)).toBe('linkFormat');
    expect(closestName('payments.daily', KEYS)).toBe('payments.dailyCapUsdc');
    expect(closestName('porvider', KEYS)).toBe('provider');
    expect(closestName('s3.buket', KEYS)).toBe('s3.bucket');
  });

  it('suggests nothing for a word that is not near any name, or starts several', () => {
    expect(closestName('zzz', KEYS)).toBeUndefined();
    expect(closestName('link', KEYS)).toBeUndefined(); // linkFormat or linkTemplate: not ours to guess
    expect(closestName('tags', KEYS)).toBeUndefined();
  });
});
