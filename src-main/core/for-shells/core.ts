// Core for one command: settings, history, wallet and payments over one data folder.
export { createCore, type Core, type CreateCoreOptions } from '../create-core.ts';
export { dataPaths, defaultDataDir } from '../store/paths.ts';
