// The links of `shotlink upload` and `shotlink capture` on the clipboard, as the app puts them there.
// Said only when it happened: with no clipboard tool, or one that failed, nothing claims a copy. Over
// SSH or on a console (no DISPLAY, no WAYLAND_DISPLAY) there is no clipboard to miss, so nothing is said.
import { clipboardToolHint, createTerminalClipboard } from './terminal-ports.ts';

export async function copyLinks(
  links: string[],
  options: { quiet?: boolean | undefined; write?: (line: string) => void },
): Promise<boolean> {
  if (links.length === 0) return false;
  const say = options.write ?? ((line: string) => process.stderr.write(line));
  const desktop = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  let problem: string | null = null;
  try {
    if (!(await createTerminalClipboard().writeText(links.join('\n'))))
      problem = `No clipboard tool was found (wl-copy, xclip, xsel): ${clipboardToolHint(process.env)}.`;
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  if (problem) {
    if (desktop && !options.quiet) say(`shotlink: link not copied: ${problem}\n`);
    return false;
  }
  if (!options.quiet) say(`shotlink: ${links.length === 1 ? 'link' : 'links'} copied to the clipboard.\n`);
  return true;
}
