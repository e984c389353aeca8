// The xdg-desktop-portal Screenshot call, made with `gdbus` so that no native D-Bus binding is needed.
// The portal answers asynchronously: the call returns a Request object path at once, and the result
// arrives later as that object's `Response` signal. So we start `gdbus monitor` first, then call, then
// read the monitor's output until our Request answers. The parsing is plain functions, tested alone.

const PORTAL = 'org.freedesktop.portal.Desktop';
const PORTAL_PATH = '/org/freedesktop/portal/desktop';

/** `gdbus monitor` arguments: every signal the portal sends on the session bus. */
export function portalMonitorArgs(): string[] {
  return ['monitor', '--session', '--dest', PORTAL];
}

/** `gdbus call` arguments for an interactive Screenshot; the token names the Request object. */
export function portalCallArgs(handleToken: string): string[] {
  if (!/^[A-Za-z0-9_]+$/.test(handleToken)) throw new Error('portal handle tokens are [A-Za-z0-9_]+');
  return [
    'call',
    '--session',
    '--dest',
    PORTAL,
    '--object-path',
    PORTAL_PATH,
    '--method',
    'org.freedesktop.portal.Screenshot.Screenshot',
    '', // parent window: none
    `{'handle_token': <'${handleToken}'>, 'interactive': <true>}`,
  ];
}

/** The Request object path in `gdbus call`'s reply: `(objectpath '/org/.../request/1_42/tok',)`. */
export function parseRequestPath(reply: string): string | null {
  return /objectpath '([^']+)'/.exec(reply)?.[1] ?? null;
}

export type PortalResponse =
  { outcome: 'done'; uri: string } | { outcome: 'cancelled' } | { outcome: 'failed'; code: number };

/**
 * Reads one line of `gdbus monitor` output; returns the Response of the request whose path ends with
 * `/<handleToken>`, or null for any other line. Matching the token rather than the full path avoids a
 * race: the monitor may see the answer before `gdbus call` has printed the path.
 *
 *   /org/freedesktop/portal/desktop/request/1_42/tok: org.freedesktop.portal.Request.Response
 *     (uint32 0, {'uri': <'file:///home/me/Pictures/Screenshot.png'>})
 */
export function parsePortalResponse(line: string, handleToken: string): PortalResponse | null {
  const match = /^(\/\S+): org\.freedesktop\.portal\.Request\.Response \(uint32 (\d+), (.*)\)\s*$/.exec(
    line.trim(),
  );
  if (!match || !match[1]!.endsWith(`/${handleToken}`)) return null;
  const code = Number(match[2]);
  if (code === 1) return { outcome: 'cancelled' };
  if (code !== 0) return { outcome: 'failed', code };
  const uri = /'uri': <'([^']+)'>/.exec(match[3]!)?.[1];
  return uri ? { outcome: 'done', uri } : { outcome: 'failed', code };
}
