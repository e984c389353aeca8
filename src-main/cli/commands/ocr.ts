// `shotlink ocr <file>`: the text Shotlink recognises in an image, on stdout, recognised on this machine
// (nothing is sent anywhere). The same engine that finds secrets for `--redact`.
import type { Command } from 'commander';
import { screenImage } from '../../core/for-shells/redact.ts';
import { aboutFile, checkImageFile, readImageFile } from '../../core/for-shells/upload.ts';
import { buildCore, runCommand } from '../context.ts';
import { recognizeText, stopOcr } from '../redaction.ts';

export function register(program: Command): void {
  program
    .command('ocr')
    .description('Print the text recognised in an image (on this machine; nothing is sent).')
    .argument('<file>', 'a PNG, JPEG, GIF or WebP file')
    .action((file: string) =>
      runCommand(async () => {
        try {
          const image = await checkImageFile(file).catch((error: unknown) => {
            throw aboutFile(file, error);
          });
          const bytes = await readImageFile(image);
          // A file that is not an image (or claims too many pixels) is an input error, exit 3, as for upload.
          const { maxInputPixels } = buildCore().settings.get();
          await screenImage(bytes, { fileName: image.fileName, maxInputPixels });
          const text = await recognizeText(bytes);
          process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        } finally {
          await stopOcr();
        }
      }),
    );
}
