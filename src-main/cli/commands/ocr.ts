// `shotlink ocr <file>`: the text Shotlink recognises in an image, on stdout, recognised on this machine
// (nothing is sent anywhere). The same engine that finds secrets for `--redact`.
import type { Command } from 'commander';
import { checkImageFile, readImageFile } from '../../core/for-shells/upload.ts';
import { runCommand } from '../context.ts';
import { recognizeText, stopOcr } from '../redaction.ts';

export function register(program: Command): void {
  program
    .command('ocr')
    .description('Print the text recognised in an image (on this machine; nothing is sent).')
    .argument('<file>', 'a PNG, JPEG, GIF or WebP file')
    .action((file: string) =>
      runCommand(async () => {
        try {
          const text = await recognizeText(await readImageFile(await checkImageFile(file)));
          process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        } finally {
          await stopOcr();
        }
      }),
    );
}
