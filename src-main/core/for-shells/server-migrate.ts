// Moving an embedded server's images to the shared backends (loaded only by `shotlink server migrate`).
export { migrateToShared, type MigrationReport } from '../server/shared/migrate.ts';
