// What `shotlink doctor` and the window's "This desktop" section report: one line per thing Shotlink
// needs from this desktop, whether it is there, and what to do when it is not.

export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'n/a';

export interface DoctorCheck {
  id:
    | 'session'
    | 'capture'
    | 'screen-recording'
    | 'clipboard'
    | 'keychain'
    | 'tray'
    | 'hotkeys'
    | 'data-folder'
    | 'hosts'
    | 'github';
  /** What is checked, for people: "Capture tool". */
  title: string;
  status: DoctorStatus;
  /** What was found: "gnome-screenshot (GNOME on X11)". */
  summary: string;
  /** What to do about it, when there is something to do. */
  fix?: string;
}
