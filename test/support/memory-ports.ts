// Plain in-memory ports for the service: a clipboard that tests put images on and read links from, and
// a notifier that keeps what it was asked to show. Nothing deeper is replaced.
import type { ClipboardPort, NotifierPort } from '../../src-main/core/ports.ts';

export interface MemoryClipboard extends ClipboardPort {
  /** What the user "copies": an image (PNG bytes) replaces the clipboard's content. */
  copyImage(png: Uint8Array): void;
  copyText(text: string): void;
  /** The text on the clipboard now (the last link written, or what the user copied); settable to clear it. */
  text: string | null;
  /** Every text Shotlink wrote, in order. */
  readonly written: string[];
  /** How many times Shotlink read the image bytes (the poller must look at formats first). */
  readonly imageReads: number;
  /** How many times Shotlink asked for the formats: one per poll. */
  readonly formatChecks: number;
}

export function createMemoryClipboard(): MemoryClipboard {
  let image: Uint8Array | null = null;
  let text: string | null = null;
  let imageReads = 0;
  let formatChecks = 0;
  const written: string[] = [];
  return {
    async availableFormats() {
      formatChecks++;
      return image ? ['image/png'] : text !== null ? ['text/plain'] : [];
    },
    async readImagePng() {
      imageReads++;
      return image;
    },
    async writeText(value) {
      written.push(value);
      text = value;
      image = null;
      return true;
    },
    copyImage(png) {
      image = png;
      text = null;
    },
    copyText(value) {
      text = value;
      image = null;
    },
    get text() {
      return text;
    },
    set text(value) {
      text = value;
      image = null;
    },
    written,
    get imageReads() {
      return imageReads;
    },
    get formatChecks() {
      return formatChecks;
    },
  };
}

export type Notification = Parameters<NotifierPort['notify']>[0];

export interface MemoryNotifier extends NotifierPort {
  readonly notifications: Notification[];
}

export function createMemoryNotifier(): MemoryNotifier {
  const notifications: Notification[] = [];
  return { notifications, notify: (notification) => void notifications.push(notification) };
}
