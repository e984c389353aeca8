// "The text in this image file" (`shotlink ocr`): read and screened as every upload is, so a text file
// or a pixel bomb is refused the same way, then recognised on this machine by the engine that finds
// secrets. Nothing is sent anywhere; the engine is stopped before it answers.
import type { CoreContext } from '../context.ts';
import { screenImage } from '../images/intake.ts';
import { aboutFile, checkImageFile, readImageFile } from '../images/read-file.ts';
import { createOcrEngine } from './ocr.ts';

export async function recognizeFile(ctx: Pick<CoreContext, 'settings'>, path: string): Promise<string> {
  const file = await checkImageFile(path).catch((error: unknown) => {
    throw aboutFile(path, error);
  });
  const bytes = await readImageFile(file);
  // Not an image (or too many pixels): an input error, exit 3, as for upload.
  await screenImage(bytes, { fileName: file.fileName, maxInputPixels: ctx.settings.get().maxInputPixels });
  const engine = createOcrEngine();
  try {
    return (await engine.recognize(bytes)).text;
  } finally {
    await engine.close();
  }
}
