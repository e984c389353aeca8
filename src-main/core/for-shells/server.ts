// The Shotlink server from a terminal: started from settings and flags, and its upload token.
export { serverOptionsFrom } from '../server/options.ts';
export { databaseUrlFrom } from '../server/database-url.ts';
export { DEFAULT_SERVER_PORT, startShotlinkServer } from '../server/start.ts';
export { resolveServerToken } from '../server/token.ts';
export { TOKEN_ENV } from '../store/server-files.ts';
export { SERVER_TOKEN_ACCOUNT } from '../providers/shotlink-server.ts';
