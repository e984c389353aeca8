// A generator of slides with large text on gradients (issue #22, kind 7): the ground runs from light to
// dark (or dark to light) behind the text, at any angle or from a point, while the text keeps the one
// colour a designer picked for the whole slide. One global threshold cannot part such text from its
// ground everywhere, which is what these pages measure. A seed picks everything: the two ends of the
// gradient (any hue, a light end and a dark end), its angle or centre, the text colour (light on a
// mostly dark slide, dark on a mostly light one, readable at both ends), one of the installed fonts, the
// size (24–64 px), alignment, the scale, JPEG or PNG, and one or two secrets from the screenshot
// generator's own kinds among ordinary lines. The pages have the screenshot generator's shape, so
// test/support/redaction-measure.ts measures them the same way.
//
// Tuning and held-out seeds are separate lists: change the code looking at GRADIENT_TUNING_SEEDS only.
import {
  esc,
  KINDS,
  lineFor,
  ORDINARY,
  random,
  secretOf,
  type GeneratedPage,
  type GeneratedSecret,
  type Random,
} from './screenshot-generator.ts';

export const GRADIENT_TUNING_SEEDS = Array.from({ length: 40 }, (_, i) => 1 + i);

/** Never looked at while the ground's code was written; measured once, when it was done. */
export const GRADIENT_HELD_OUT_SEEDS = Array.from({ length: 40 }, (_, i) => 80_001 + i * 11);

/**
 * Never looked at while large text's wraps were followed (find.ts, after the ground's code); measured
 * once, 5 December 2026, 19:23 UTC.
 */
export const GRADIENT_SECOND_HELD_OUT_SEEDS = Array.from({ length: 40 }, (_, i) => 160_003 + i * 13);

const FONTS = [
  '"DejaVu Sans"',
  '"Nimbus Sans"',
  '"URW Gothic"',
  '"DejaVu Serif"',
  '"Nimbus Roman"',
  '"C059"',
  '"P052"',
];

const TITLES = [
  'Quarterly platform review',
  'Getting started with the API',
  'Live demo: deploying in five minutes',
  'What we shipped this sprint',
  'Roadmap for the next release',
  'Onboarding new services',
];

/** An sRGB colour of any hue whose grey (Rec. 601 weights) is about `grey`. */
function colourOfGrey(r: Random, grey: number): string {
  const c = [r.int(256), r.int(256), r.int(256)];
  const g = 0.299 * c[0]! + 0.587 * c[1]! + 0.114 * c[2]!;
  // Mixed with white (to lighten) or black (to darken): the grey moves linearly with the mix.
  const mixed =
    grey >= g
      ? c.map((v) => v + (255 - v) * ((grey - g) / Math.max(1, 255 - g)))
      : c.map((v) => v * (grey / Math.max(1, g)));
  return `#${mixed
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** One gradient slide, generated from its seed. */
export function generateGradientSlide(seed: number): GeneratedPage {
  const r = random(seed ^ 0x9a_d1e7);
  // Light text on a ground from mid-light to near black, or dark text on one from near white to mid-grey:
  // either way the text stands out at both ends, as on a slide someone made on purpose.
  const lightText = r.next() < 0.5;
  const text = lightText
    ? r.one(['#ffffff', '#f5f5f5', '#fafafa'])
    : r.one(['#111111', '#1b1b1b', '#222222', '#2d2d2d']);
  const [lightEnd, darkEnd] = lightText
    ? [120 + r.int(50), 10 + r.int(60)]
    : [215 + r.int(41), 110 + r.int(40)];
  const ends = [colourOfGrey(r, lightEnd), colourOfGrey(r, darkEnd)];
  if (r.next() < 0.5) ends.reverse();
  const radial = r.next() < 0.2;
  const angle = r.next() < 0.5 ? r.one([0, 45, 90, 135, 180, 225, 270, 315]) : r.int(360);
  const background = radial
    ? `radial-gradient(circle at ${r.int(101)}% ${r.int(101)}%, ${ends[0]}, ${ends[1]})`
    : `linear-gradient(${angle}deg, ${ends[0]}, ${ends[1]})`;
  const family = r.one(FONTS);
  const size = 24 + r.int(41);
  const bold = r.next() < 0.25;
  const scale = r.next() < 0.2 ? 2 : 1;
  const width = scale === 2 ? 960 : r.one([1280, 1280, 1920]);
  const center = r.next() < 0.3;
  const jpeg = r.next() < 0.3;
  const padding = 48 + r.int(49);

  const secrets: GeneratedSecret[] = [];
  const ordinary: string[] = [];
  const rows: string[] = [];
  const addOrdinary = (line: string, title = false) => {
    rows.push(
      `<div class="l${title ? ' t' : ''}"><span data-ordinary="${ordinary.length}">${esc(line)}</span></div>`,
    );
    ordinary.push(line);
  };
  addOrdinary(r.one(TITLES), true);
  const kinds = Array.from({ length: 1 + r.int(2) }, () => r.one(KINDS.filter((k) => k !== 'private-key')));
  // The body's lines in a random order: two to four ordinary ones and the secrets' lines.
  const slots = [...kinds, ...Array.from({ length: 2 + r.int(3) }, () => null)];
  for (let i = slots.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [slots[i], slots[j]] = [slots[j]!, slots[i]!];
  }
  for (const kind of slots) {
    if (kind === null) {
      addOrdinary(r.one(ORDINARY.filter((l) => !ordinary.includes(l))));
      continue;
    }
    const value = secretOf(kind, r);
    const [line] = lineFor(kind, value, r);
    const at = line!.indexOf(value);
    rows.push(
      `<div class="l">${esc(line!.slice(0, at))}<span data-secret="${secrets.length}">${esc(value)}</span>${esc(line!.slice(at + value.length))}</div>`,
    );
    secrets.push({ kind, value });
  }
  const html = `<!doctype html><meta charset="utf-8"><style>
    html{background:#808080}
    body{margin:0;padding:${padding}px;box-sizing:border-box;width:${width}px;min-height:${Math.round((width * 9) / 16)}px;background:${background};color:${text};font-family:${family},sans-serif;font-size:${size}px;${bold ? 'font-weight:bold;' : ''}${center ? 'text-align:center;' : ''}}
    .l{line-height:1.3;margin:0 0 ${Math.round(size * 0.4)}px;overflow-wrap:anywhere}
    .t{font-size:1.25em;font-weight:bold;margin-bottom:${Math.round(size * 0.8)}px}
  </style>${rows.join('\n')}`;
  return {
    seed,
    description: `gradient ${radial ? 'radial' : `${angle}deg`} ${ends.join('→')} text ${text} ${family.replace(/"/g, '')}${bold ? ' bold' : ''} ${size}px @${scale}x${center ? ' centred' : ''}${jpeg ? ' jpeg' : ''}`,
    html,
    width,
    scale,
    secrets,
    ordinary,
    jpeg,
    cutBottom: 0,
  };
}
