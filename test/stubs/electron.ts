// Stands in for the `electron` module in every test (aliased in vite.config.ts): the real package would
// try to download its binary. Only what the shell's modules touch is here; extend it as they grow.
export const app = {
  isPackaged: false,
  getPath: (_name: string) => '/tmp/shotlink-electron-stub',
  getVersion: () => '0.0.0-test',
  on: () => app,
  whenReady: () => Promise.resolve(),
  quit: () => {},
};
export default { app };
