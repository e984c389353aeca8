// Debian's Chromium, as every browser run here starts it: headless, and quiet (no background network,
// no component updates, no sync), so a run never downloads a browser or anything else.
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
