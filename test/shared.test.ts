import { describe, expect, it } from 'vitest';
import { formatLink } from '../src-shared/links.ts';
import { formatUsdc, parseUsdc } from '../src-shared/catalog.ts';
import { DEFAULT_SETTINGS, applySettingsPatch } from '../src-shared/settings.ts';
import { worstExitCode } from '../src-shared/errors.ts';

describe('link formats', () => {
  const subject = { url: 'https://i.img402.dev/a.png', name: 'shot [1].png', width: 10, height: 20 };
  it('formats every kind', () => {
    expect(formatLink(subject, 'url')).toBe('https://i.img402.dev/a.png');
    expect(formatLink(subject, 'markdown')).toBe('![shot \\[1\\].png](https://i.img402.dev/a.png)');
    expect(formatLink(subject, 'html')).toBe('<img src="https://i.img402.dev/a.png" alt="shot [1].png">');
    expect(formatLink(subject, 'bbcode')).toBe('[img]https://i.img402.dev/a.png[/img]');
    expect(formatLink(subject, 'template', '{name} {width}x{height} {url} {unknown}')).toBe(
      'shot [1].png 10x20 https://i.img402.dev/a.png {unknown}',
    );
  });
});

describe('USDC amounts', () => {
  it('round-trips atomic units', () => {
    expect(formatUsdc('10000')).toBe('0.01');
    expect(formatUsdc('1000000')).toBe('1.00');
    expect(formatUsdc('1234567')).toBe('1.234567');
    expect(parseUsdc('0.01')).toBe(10000n);
    expect(parseUsdc('2')).toBe(2_000_000n);
    expect(() => parseUsdc('-1')).toThrow(/not an amount/);
  });
});

describe('settings', () => {
  it('has defaults and validates patches', () => {
    expect(DEFAULT_SETTINGS.linkFormat).toBe('markdown');
    expect(DEFAULT_SETTINGS.payments.dailyCapUsdc).toBe('2');
    const next = applySettingsPatch(DEFAULT_SETTINGS, { payments: { network: 'base-sepolia' } });
    expect(next.payments.network).toBe('base-sepolia');
    expect(next.payments.dailyCapUsdc).toBe('2');
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { linkFormat: 'gif' as never })).toThrow();
  });
});

describe('exit codes', () => {
  it('reports the worst of several files', () => {
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([0, 3, 4, 0])).toBe(4);
    expect(worstExitCode([3, 5])).toBe(5);
  });
});
