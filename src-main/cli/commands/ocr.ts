// `shotlink ocr <file>`: the text Shotlink recognises in an image, on stdout, recognised on this machine
// (nothing is sent anywhere). The same engine that finds secrets for `--redact`.
import type { Command } from 'commander';
import { recognizeFile } from '../../core/for-shells/redact.ts';
import { buildCore, runCommand } from '../context.ts';

export function register(program: Command): void {
  program
    .command('ocr')
    .description('Print the text recognised in an image (on this machine; nothing is sent).')
    .argument('<file>', 'a PNG, JPEG, GIF or WebP file')
    .action((file: string) =>
      runCommand(async () => {
        const text = await recognizeFile(buildCore(), file);
        process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }),
    );
}
