// The interfaces a shell implements for core: what only a desktop or a terminal can do.
export type { CapturePort, ClipboardPort, NotifierPort, SecretStore } from '../ports.ts';
