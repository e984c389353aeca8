// Ports: the few things only the desktop shell (or the OS) can do. Core receives them; the Electron
// shell supplies real ones, the CLI supplies what a terminal has, tests supply plain in-memory ones.

/**
 * The system clipboard. Asynchronous because the clipboards behind it are: Electron's is the W3C model
 * (`read()` resolves to ClipboardItems) and a terminal asks command-line tools.
 */
export interface ClipboardPort {
  /** Formats currently on the clipboard (MIME-like names); checked before reading an image. */
  availableFormats(): Promise<string[]>;
  /** PNG bytes of the clipboard image, or null when there is none. */
  readImagePng(): Promise<Uint8Array | null>;
  /**
   * Puts text on the clipboard. True when it is there; false when this shell has no clipboard (a
   * terminal without wl-copy/xclip/xsel, said once at start), so nothing may claim it was copied.
   * Throws when a clipboard exists and the write failed.
   */
  writeText(text: string): Promise<boolean>;
}

export interface NotifierPort {
  notify(notification: { title: string; body: string; level: 'info' | 'error'; url?: string }): void;
}

/** Where secrets live: the OS keychain (keytar), never settings or history. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Why this store cannot be used here (e.g. no Secret Service running), or null when it can. */
  unavailableReason(): Promise<string | null>;
}

/** Region capture: resolves with PNG bytes, or null when the user cancelled. */
export interface CapturePort {
  captureRegion(): Promise<Uint8Array | null>;
}
