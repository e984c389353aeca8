// OS screenshot-folder detection and the file rules of the folder watcher, as plain functions.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshotFolder, type MachineFacts } from '../../src-main/core/watch/screenshot-folder.ts';
import { isCandidateImageName, looksComplete } from '../../src-main/core/watch/image-files.ts';
import { distinctPng } from '../support/test-images.ts';
import sharp from 'sharp';

function machine(
  facts: Partial<MachineFacts> & { files?: string[]; texts?: Record<string, string> },
): MachineFacts {
  return {
    platform: 'linux',
    home: '/home/ada',
    env: {},
    exists: (path) => facts.files?.includes(path) ?? false,
    readText: (path) => facts.texts?.[path] ?? null,
    run: () => null,
    ...facts,
  };
}

describe('screenshot folder', () => {
  it('macOS: the screencapture location when set, else the Desktop', () => {
    const asked: string[][] = [];
    const set = machine({
      platform: 'darwin',
      home: '/Users/ada',
      run: (command, args) => (asked.push([command, ...args]), '~/Pictures/Shots\n'),
    });
    expect(screenshotFolder(set)).toBe('/Users/ada/Pictures/Shots');
    expect(asked).toEqual([['defaults', 'read', 'com.apple.screencapture', 'location']]);
    expect(screenshotFolder(machine({ platform: 'darwin', home: '/Users/ada', run: () => null }))).toBe(
      '/Users/ada/Desktop',
    );
  });

  it('Windows: Pictures\\Screenshots, following OneDrive when that is where it exists', () => {
    const env = { USERPROFILE: 'C:\\Users\\ada', OneDrive: 'C:\\Users\\ada\\OneDrive' };
    const local = join(env.USERPROFILE, 'Pictures', 'Screenshots');
    const oneDrive = join(env.OneDrive, 'Pictures', 'Screenshots');
    expect(screenshotFolder(machine({ platform: 'win32', env }))).toBe(local);
    expect(screenshotFolder(machine({ platform: 'win32', env, files: [oneDrive] }))).toBe(oneDrive);
  });

  it('Linux: ~/Pictures/Screenshots, the XDG pictures folder from user-dirs.dirs, or the pictures folder itself', () => {
    expect(screenshotFolder(machine({}))).toBe('/home/ada/Pictures/Screenshots');
    const texts = { '/home/ada/.config/user-dirs.dirs': '# xdg\nXDG_PICTURES_DIR="$HOME/Bilder"\n' };
    expect(screenshotFolder(machine({ texts }))).toBe('/home/ada/Bilder/Screenshots');
    // Older tools save into the pictures folder itself when there is no Screenshots folder in it.
    expect(screenshotFolder(machine({ texts, files: ['/home/ada/Bilder'] }))).toBe('/home/ada/Bilder');
    expect(
      screenshotFolder(
        machine({ env: { XDG_PICTURES_DIR: '/data/pics' }, files: ['/data/pics', '/data/pics/Screenshots'] }),
      ),
    ).toBe('/data/pics/Screenshots');
  });
});

describe('watched file rules', () => {
  it('takes image names and ignores hidden, temporary and other files', () => {
    for (const name of ['Screenshot 2026-01-01 at 10.00.00.png', 'a.JPG', 'b.jpeg', 'c.webp', 'd.gif']) {
      expect(isCandidateImageName(name), name).toBe(true);
    }
    for (const name of [
      '.Screenshot.png',
      'x.png.part',
      'x.png.crdownload',
      'x.png.tmp',
      'x.png~',
      '~$x.png',
      'notes.txt',
      'rec.mov',
      'png',
    ]) {
      expect(isCandidateImageName(name), name).toBe(false);
    }
  });

  it('knows a whole PNG, JPEG, GIF and WebP from a truncated one', async () => {
    const png = await distinctPng(1);
    const jpeg = await sharp(png).jpeg().toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    const gif = await sharp(png).gif().toBuffer();
    for (const whole of [png, jpeg, webp, gif]) {
      expect(looksComplete(whole)).toBe(true);
      expect(looksComplete(whole.subarray(0, whole.length - 3))).toBe(false);
      expect(looksComplete(whole.subarray(0, 10))).toBe(false);
    }
  });
});
