// The interfaces a shell implements for core (what only a desktop or a terminal can do), and the two
// helpers its implementations need: whether a command-line tool is installed, and an atomic file write
// (the Electron shell's safeStorage secrets and its autostart entry).
export type { CapturePort, ClipboardPort, NotifierPort, SecretStore } from '../ports.ts';
export { isOnPath } from '../capture/on-path.ts';
export { writeFileAtomic } from '../store/atomic.ts';
