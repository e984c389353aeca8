import { describe, expect, it } from 'vitest';
import { formatDuration, formatExpiry, refreshIntervalFor } from '../../src-renderer/lib/countdown.ts';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const later = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('formatExpiry', () => {
  it('says permanent for no expiry', () => {
    expect(formatExpiry(null, NOW)).toEqual({ text: 'permanent', tone: 'permanent' });
  });

  it('shows days and hours, floored so it never promises more time than is left', () => {
    expect(formatExpiry(later(6 * DAY + 4 * HOUR + 59 * MIN), NOW)).toEqual({
      text: 'expires in 6 d 4 h',
      tone: 'ok',
    });
  });

  it('drops a zero second unit', () => {
    expect(formatExpiry(later(7 * DAY + 30 * MIN), NOW).text).toBe('expires in 7 d');
  });

  it('goes to hours and minutes, then minutes, then seconds as the end nears, and warns under a day', () => {
    expect(formatExpiry(later(3 * HOUR + 12 * MIN), NOW)).toEqual({
      text: 'expires in 3 h 12 min',
      tone: 'soon',
    });
    expect(formatExpiry(later(12 * MIN + 5_000), NOW).text).toBe('expires in 12 min 5 s');
    expect(formatExpiry(later(40_000), NOW).text).toBe('expires in 40 s');
  });

  it('counts years for the 1-year tier', () => {
    expect(formatExpiry(later(365 * DAY + 2 * DAY), NOW).text).toBe('expires in 1 y 2 d');
  });

  it('says expired at and after the moment, and under a second before it', () => {
    expect(formatExpiry(later(0), NOW)).toEqual({ text: 'expired', tone: 'expired' });
    expect(formatExpiry(later(-5 * DAY), NOW).text).toBe('expired');
    expect(formatExpiry(later(999), NOW).text).toBe('expired');
  });

  it('does not pretend to know an unreadable date', () => {
    expect(formatExpiry('soon', NOW).text).toBe('expiry unknown');
  });

  it('changes as time passes, without anything but a new now', () => {
    const at = later(DAY + HOUR);
    expect(formatExpiry(at, NOW).text).toBe('expires in 1 d 1 h');
    expect(formatExpiry(at, NOW + 2 * HOUR).text).toBe('expires in 23 h');
  });
});

describe('formatDuration', () => {
  it('uses at most the two largest units', () => {
    expect(formatDuration(2 * DAY + 3 * HOUR + 4 * MIN)).toBe('2 d 3 h');
    expect(formatDuration(0)).toBe('0 s');
  });
});

describe('refreshIntervalFor', () => {
  it('ticks every second when something expires within the hour, else every minute', () => {
    expect(refreshIntervalFor([null, later(2 * DAY)], NOW)).toBe(MIN);
    expect(refreshIntervalFor([later(30 * MIN), later(2 * DAY)], NOW)).toBe(1000);
    expect(refreshIntervalFor([later(-DAY)], NOW)).toBe(MIN);
    expect(refreshIntervalFor([], NOW)).toBe(MIN);
  });
});
