// `shotlink server migrate`: an embedded server's images (the data folder's index and files) moved to
// the shared backends, one at a time, oldest first. Resumable: an image whose record is already in the
// database was finished by an earlier run and is skipped, so a run killed at any point is simply run
// again. Every image is checked twice: its file against the hash its record was made with, and the
// object read back from the bucket against the file. Nothing is deleted from the data folder.
import { ShotlinkError } from '../../../../src-shared/errors.ts';
import { ImageLibrary } from '../library.ts';
import { etagOf, type ImageRecord } from '../image-index.ts';
import { SharedLibrary } from './shared-library.ts';

export interface MigrationReport {
  total: number;
  moved: number;
  /** Already moved by an earlier run. */
  skipped: number;
}

export async function migrateToShared(options: {
  /** The embedded server's storage folder (`<data folder>/server`). */
  storage: string;
  databaseUrl: string;
  storageUrl: string;
  wholeBucket?: boolean | undefined;
  env: NodeJS.ProcessEnv;
  onImage?: (done: number, total: number, record: ImageRecord) => void;
}): Promise<MigrationReport> {
  const local = await ImageLibrary.open(options.storage);
  const shared = await SharedLibrary.open(options);
  try {
    const records = local.records();
    const report: MigrationReport = { total: records.length, moved: 0, skipped: 0 };
    for (const record of records) {
      if (await shared.has(record.id)) {
        report.skipped++;
      } else {
        const bytes = await local.bytesOf(record);
        if (etagOf(bytes) !== record.etag) {
          throw new ShotlinkError(
            'input',
            `The file of image ${record.id} does not match its record (damaged on disk): nothing of it was moved. ` +
              'Remove it from the server (or restore the file) and run the migration again.',
          );
        }
        // No quota on the way in: the images were already accepted once.
        await shared.store(record, bytes, Number.POSITIVE_INFINITY);
        if (!(await shared.storedBytes(record)).equals(bytes)) {
          await shared.remove([record.id]);
          throw new ShotlinkError(
            'host',
            `The bucket returned other bytes for image ${record.id}: it was taken back. Run again.`,
          );
        }
        report.moved++;
      }
      options.onImage?.(report.moved + report.skipped, report.total, record);
    }
    return report;
  } finally {
    await shared.close();
    await local.close();
  }
}
