// Redaction for agents: on for every image an agent uploads or is shown, unless the person turned it
// off in their settings (agents.redact). A secret the covering cannot hide whole stops the upload,
// naming its kind; so does an animation, whose later frames the recogniser never sees. What comes back
// says what was covered by kind and count, never the text.
import sharp from '../images/sharp.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import {
  FINDING_LABELS,
  summarizeFindings,
  type Box,
  type Finding,
  type FindingKind,
} from '../../../src-shared/findings.ts';
import type { SettingsStore } from '../context.ts';
import type { OcrEngine } from '../redact/ocr.ts';
import { redactImage } from '../redact/redact.ts';
import { findSecretsInText } from '../redact/text.ts';

export interface AgentRedaction {
  bytes: Uint8Array;
  /** Whether the image was checked at all (false only when the person turned redaction off for agents). */
  checked: boolean;
  findings: Finding[];
  /** What was covered, a finding's kind each (a retried upload has these from history, not findings). */
  covered: FindingKind[];
  /** "GitHub token ×2, email address", or "" when nothing was found. */
  summary: string;
}

/**
 * The findings that covering cannot hide whole: one with nothing to cover, a box that reaches past the
 * image (what lies outside cannot be painted over, so the recognised place is not where it is), or one
 * recognition says may stay partly readable (`mayRemain`: it runs off the image's edge, or is shorter
 * than its kind ever is, so part of it was not read and will not be covered).
 */
export function uncoverable(findings: readonly Finding[], width: number, height: number): Finding[] {
  const inside = (box: Box) =>
    box.width > 0 &&
    box.height > 0 &&
    box.x >= -1 &&
    box.y >= -1 &&
    box.x + box.width <= width + 1 &&
    box.y + box.height <= height + 1;
  return findings.filter(
    (finding) =>
      finding.boxes.length === 0 || !finding.boxes.every(inside) || finding.mayRemain !== undefined,
  );
}

export async function redactForAgent(
  engine: OcrEngine,
  settings: SettingsStore,
  image: { bytes: Uint8Array; fileName: string },
): Promise<AgentRedaction> {
  if (!settings.get().agents.redact) {
    return { bytes: image.bytes, checked: false, findings: [], covered: [], summary: '' };
  }
  const meta = await sharp(image.bytes).metadata();
  if ((meta.pages ?? 1) > 1) {
    throw new ShotlinkError(
      'input',
      `${image.fileName} is animated (${meta.pages} frames): only a still image can be checked for secrets ` +
        'before it is shared. Send a single frame as PNG.',
      { code: 'redaction_incomplete' },
    );
  }
  const redaction = await redactImage(engine, image.bytes);
  const { width, height } = meta.autoOrient;
  const stuck = uncoverable(redaction.findings, width, height);
  if (stuck.length > 0) {
    const kinds = [...new Set(stuck.map((finding) => FINDING_LABELS[finding.kind]))].join(', ');
    const why = [...new Set(stuck.flatMap((finding) => finding.mayRemain ?? []))];
    throw new ShotlinkError(
      'input',
      `${image.fileName} shows a ${kinds} that cannot be covered whole` +
        (why.length > 0 ? ` (${why.join('; ')})` : '') +
        ', so it was not uploaded. Crop the image to leave it out, or ask the user to share it themselves.',
      { code: 'redaction_incomplete' },
    );
  }
  return {
    ...redaction,
    checked: true,
    covered: redaction.findings.map((finding) => finding.kind),
    summary: summarizeFindings(redaction.findings),
  };
}

/**
 * Text an agent is about to send (a comment's body) is checked by the same rules as images, under the
 * same setting: a secret in it stops the call, naming the kind and the line, never the text. Text is
 * not covered: the agent rewrites it.
 */
export function refuseSecretsInText(settings: SettingsStore, text: string | undefined, what: string): void {
  if (!text || !settings.get().agents.redact) return;
  const found = findSecretsInText(text);
  if (found.length === 0) return;
  const where = found.map((finding) => `${FINDING_LABELS[finding.kind]} (line ${finding.line})`);
  throw new ShotlinkError(
    'input',
    `${what} shows ${[...new Set(where)].join(', ')}, so nothing was sent. Take it out of the text and ` +
      'call again; an image of it is covered for you, text is not.',
    { code: 'redaction_incomplete' },
  );
}

export interface AgentPreview {
  /** The image as an upload would send it: covered (unless the person turned that off). */
  bytes: Uint8Array;
  findings: Finding[];
  summary: string;
  /** Whether uploads through agents cover what was found (agents.redact). */
  covers: boolean;
  /** Kinds found that cannot be covered whole: an upload of this image would be refused. */
  blocking: string[];
}

/** What redaction finds in an image and what it would cover; the image shown is always the covered one. */
export async function previewForAgent(
  engine: OcrEngine,
  settings: SettingsStore,
  bytes: Uint8Array,
): Promise<AgentPreview> {
  const redaction = await redactImage(engine, bytes);
  const { width, height } = (await sharp(bytes).metadata()).autoOrient;
  const blocking = [
    ...new Set(uncoverable(redaction.findings, width, height).map((f) => FINDING_LABELS[f.kind])),
  ];
  return {
    bytes: redaction.bytes,
    findings: redaction.findings,
    summary: summarizeFindings(redaction.findings),
    covers: settings.get().agents.redact,
    blocking,
  };
}
