// Intake: decide whether some bytes are an image we can upload, before anything touches the network.
// Recognise by magic bytes, refuse pixel bombs from the header alone, then decode every pixel once so a
// truncated or damaged file is caught here, with its name, rather than half-uploaded later.
import sharp from './sharp.ts';
import { ShotlinkError, type ErrorCode } from '../../../src-shared/errors.ts';
import { sniffImage, ACCEPTED_FORMATS_TEXT, type ImageFormat } from './sniff.ts';
import { classifyContent, type ContentStats } from './classify.ts';
import { drawThumbnail } from './thumbnail.ts';
import { checkPngChunks } from './png-check.ts';

export interface IntakeImage {
  bytes: Uint8Array;
  format: ImageFormat;
  /** Width and height of one frame, as displayed (after EXIF orientation). */
  width: number;
  height: number;
  /** Frames in an animated GIF/WebP; 1 for a still image. */
  pages: number;
  animated: boolean;
  /**
   * What the pixels look like (screenshot or photograph), measured during intake's decode so the
   * optimizer need not decode again. Absent for animations: the optimizer looks at their first frame.
   */
  content?: ContentStats;
  /** History's thumbnail, when asked for and the image is still: drawn in the same decode. */
  thumbnail?: Buffer;
}

export interface IntakeOptions {
  /** Used only in messages: the format is decided by the bytes. */
  fileName: string;
  /** Largest decoded pixel count (width × height × frames) we agree to decode. */
  maxInputPixels: number;
  /**
   * Measure what the pixels look like for the optimizer (default true). The server, which stores what
   * it is sent, only needs to know the image is whole: it skips the measuring.
   */
  classify?: boolean;
  /**
   * Draw history's thumbnail in the decode that checks a still image (instead of measuring it): for an
   * image sent as it is, that decode is then the only one it gets.
   */
  thumbnail?: boolean;
  /**
   * The host decodes every pixel itself and refuses what does not decode (a Shotlink server): a PNG whose
   * checksums are right is then not decoded here, and sharp is not loaded (see png-check.ts). The image
   * comes back without a thumbnail; the caller draws one.
   */
  hostDecodes?: boolean;
}

const FORMAT_LABELS: Record<ImageFormat, string> = { png: 'PNG', jpeg: 'JPEG', gif: 'GIF', webp: 'WebP' };

export type IntakeErrorCode = Extract<ErrorCode, 'empty' | 'not_an_image' | 'corrupt' | 'too_many_pixels'>;

/** What screening found: the format by the bytes, the size by the header. */
export interface ScreenedImage {
  format: ImageFormat;
  width: number;
  height: number;
  pages: number;
}

/**
 * Something is there and its bytes are an image's, or an input error saying what it is instead: by the
 * bytes alone, without loading sharp (a run at once decodes the image once, in the pipeline).
 */
export function checkIsImage(bytes: Uint8Array, fileName: string): ImageFormat {
  const name = JSON.stringify(fileName);
  if (bytes.length === 0) {
    throw inputError(
      'empty',
      `${name} is empty (0 bytes). Take the screenshot again or choose another file.`,
    );
  }
  const sniffed = sniffImage(bytes);
  if (sniffed.kind === 'other') {
    throw inputError(
      'not_an_image',
      `${name} is not an image Shotlink can upload: it looks like ${sniffed.description}. ` +
        `Choose a ${ACCEPTED_FORMATS_TEXT} file (export or screenshot it as PNG first).`,
    );
  }
  return sniffed.format;
}

/**
 * The checks that need no decoding: something is there, it is an image by its bytes, and its header
 * does not claim more pixels than we decode. Run before an image is stored anywhere (the queue), so a
 * text file or a pixel bomb is refused at once and never copied into the data folder.
 */
export async function screenImage(bytes: Uint8Array, options: IntakeOptions): Promise<ScreenedImage> {
  const name = JSON.stringify(options.fileName);
  const format = checkIsImage(bytes, options.fileName);
  const label = FORMAT_LABELS[format];

  const header = await readHeader(bytes, format, name, label);
  const totalPixels = header.width * header.height * header.pages;
  if (totalPixels > options.maxInputPixels) {
    throw inputError(
      'too_many_pixels',
      `${name} is ${header.width} × ${header.height} pixels` +
        (header.pages > 1 ? ` × ${header.pages} frames` : '') +
        ` (${megapixels(totalPixels)}), above the limit of ${megapixels(options.maxInputPixels)} that guards ` +
        `against images made to exhaust memory. Scale it down first, or raise the limit with ` +
        `\`shotlink config set maxInputPixels <pixels>\` if you trust the file.`,
    );
  }

  return { format, ...header };
}

export async function intakeImage(bytes: Uint8Array, options: IntakeOptions): Promise<IntakeImage> {
  // A PNG sent as it is to a host that decodes it itself: its checksums say it is whole.
  if (options.hostDecodes && options.classify === false) {
    const size = checkPngChunks(bytes, options.maxInputPixels);
    if (size) return { bytes, format: 'png', ...size, pages: 1, animated: false };
  }
  const header = await screenImage(bytes, options);
  const { format } = header;
  const { content, thumbnail } = await decodeEveryPixel(bytes, header, {
    maxInputPixels: options.maxInputPixels,
    name: JSON.stringify(options.fileName),
    label: FORMAT_LABELS[format],
    classify: options.classify ?? true,
    thumbnail: options.thumbnail ?? false,
  });

  return {
    bytes,
    format,
    width: header.width,
    height: header.height,
    pages: header.pages,
    animated: header.pages > 1,
    ...(content && { content }),
    ...(thumbnail && { thumbnail }),
  };
}

interface Header {
  width: number;
  height: number;
  pages: number;
}

/** Dimensions from the header only; nothing is decompressed, so a pixel bomb costs nothing here. */
async function readHeader(
  bytes: Uint8Array,
  format: ImageFormat,
  name: string,
  label: string,
): Promise<Header> {
  try {
    // No pixel limit here: we want the real numbers to compare (and to report) ourselves.
    const meta = await sharp(bytes, { animated: true, limitInputPixels: false }).metadata();
    if (meta.format !== format) throw new Error(`decodes as ${meta.format}`);
    const pages = Math.max(1, meta.pages ?? 1);
    const frameHeight = meta.pageHeight ?? meta.height;
    if (!meta.width || !frameHeight) throw new Error('no dimensions');
    // Report the size as displayed: EXIF orientations 5-8 turn the picture a quarter turn.
    const turned = (meta.orientation ?? 1) >= 5;
    return turned
      ? { width: frameHeight, height: meta.width, pages }
      : { width: meta.width, height: frameHeight, pages };
  } catch (error) {
    // libvips refuses some files whose header is fine but whose body is missing. If the header alone
    // already claims too many pixels, say that: it is the more useful message.
    const claimed = headerDimensions(bytes, format);
    if (claimed) return { ...claimed, pages: 1 };
    throw corrupt(name, label, error);
  }
}

/**
 * Read every compressed byte (with failOn 'error' a truncated or damaged file throws) while keeping memory
 * small. A still image is decoded through the classifier's row sample or into its thumbnail, so the one
 * decode serves both; an animation through a tiny resize of all its frames.
 */
async function decodeEveryPixel(
  bytes: Uint8Array,
  header: Header,
  options: { maxInputPixels: number; name: string; label: string; classify: boolean; thumbnail: boolean },
): Promise<{ content?: ContentStats; thumbnail?: Buffer }> {
  const open = () =>
    sharp(bytes, {
      animated: header.pages > 1,
      autoOrient: true,
      failOn: 'error',
      limitInputPixels: options.maxInputPixels,
    });
  try {
    if (header.pages === 1 && options.classify) return { content: await classifyContent(open(), header) };
    if (header.pages === 1 && options.thumbnail) return { thumbnail: await drawThumbnail(open()) };
    await open().resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    return {};
  } catch (error) {
    throw corrupt(options.name, options.label, error);
  }
}

/** Width and height straight from the PNG IHDR or GIF screen descriptor; null for other formats. */
function headerDimensions(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png' && bytes.length >= 24)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (format === 'gif' && bytes.length >= 10) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  return null;
}

function corrupt(name: string, label: string, cause: unknown): ShotlinkError {
  const detail = cause instanceof Error ? cause.message.split('\n')[0]?.trim() : '';
  return inputError(
    'corrupt',
    `${name} starts like a ${label} image but cannot be read: it is truncated or damaged` +
      (detail ? ` (${detail})` : '') +
      `. Save or copy the image again and retry.`,
  );
}

function megapixels(pixels: number): string {
  return `${(pixels / 1_000_000).toFixed(pixels < 10_000_000 ? 1 : 0)} megapixels`;
}

function inputError(code: IntakeErrorCode, message: string): ShotlinkError {
  return new ShotlinkError('input', message, { code });
}
