// Turning dropped or pasted files into what uploadBytes takes.

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Base64 of a Blob's bytes, without the data: prefix (FileReader: native, and no huge string juggling). */
export function blobToBase64(blob: Blob): Promise<string> {
  return read(blob, 'dataURL').then((url) => url.slice(url.indexOf(',') + 1));
}

/** A small text file's contents, e.g. a ShareX .sxcu uploader. */
export function blobToText(blob: Blob): Promise<string> {
  return read(blob, 'text');
}

function read(blob: Blob, as: 'dataURL' | 'text'): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () =>
      reject(
        new Error(
          `Could not read ${(blob as File).name ?? 'the file'}: ${reader.error?.message ?? 'unknown error'}`,
        ),
      );
    if (as === 'text') reader.readAsText(blob);
    else reader.readAsDataURL(blob);
  });
}

/** A pasted image has no useful name ("image.png"); give it one a person can find in the history. */
export function nameForPaste(type: string, now = new Date()): string {
  const ext = type.split('/')[1]?.replace('jpeg', 'jpg') ?? 'png';
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[:T]/g, '-');
  return `pasted-${stamp}.${ext}`;
}
