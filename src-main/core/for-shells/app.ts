// The whole app as a service, and the transports a shell puts in front of it.
export { createService, type ServiceOptions, type ShotlinkService } from '../service.ts';
export { startBridge, type Bridge } from '../bridge/bridge-server.ts';
export { createKeytarStore } from '../secrets/keytar-store.ts';
