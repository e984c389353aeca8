// "Serve": the Shotlink server started from settings and flags as the app's switch starts it; the
// database URL's sources (for `server migrate`), and the server's upload token.
export { serve } from '../server/serve.ts';
export { databaseUrlFrom } from '../server/database-url.ts';
export { DEFAULT_SERVER_PORT } from '../server/start.ts';
export { resolveServerToken } from '../server/token.ts';
export { TOKEN_ENV } from '../store/server-files.ts';
export { SERVER_TOKEN_ACCOUNT } from '../providers/shotlink-server.ts';
