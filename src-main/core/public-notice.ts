// Whether the person must be told, before an upload, that its link will be public — decided here once
// for every shell (the CLI prints it, the app notifies and shows it in the window). A public host's
// tier is told once, ever (publicNoticeShown). A GitHub attachment is public when its repository is:
// each public repository is told once (remembered in the data folder), since a person who chose
// GitHub for its private attachments may not know that this repository is public.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { findTier } from '../../src-shared/catalog.ts';
import { PUBLIC_NOTICE, publicTierNoticeDue } from '../../src-shared/consent.ts';
import type { CoreContext } from './context.ts';
import type { Repository } from './providers/github/api.ts';
import { listProviders } from './providers/registry.ts';
import { writeFileAtomicSync } from './store/atomic.ts';
import { withLock } from './store/lock.ts';

export interface NoticeTarget {
  providerId: string;
  tierId: string;
  /** GitHub: owner/name; the github.repo setting when absent. */
  repo?: string | undefined;
  /** GitHub: the repository as already looked up for this run (then GitHub is not asked again). */
  repository?: Pick<Repository, 'private'> | undefined;
}

/** What to say, and how to remember it was said. */
export interface PublicNotice {
  /** A notification's title: the person may be at the tray, without the window. */
  title: string;
  text: string;
  /** Records that it was said (call once it was shown). */
  given(): void;
}

const toldFile = (home: string) => join(home, 'public-repositories.json');
const toldSchema = z.array(z.string());

/** Repositories known private in this process: asked of GitHub once, not before every upload. */
const knownPrivate = new WeakMap<CoreContext['settings'], Set<string>>();

/**
 * The notice owed before uploading to `target`, the tier's or the repository's; null when its links are
 * not public or it was said.
 */
export async function publicLinkNotice(ctx: CoreContext, target: NoticeTarget): Promise<PublicNotice | null> {
  const settings = ctx.settings.get();
  if (target.providerId === 'github') {
    const repo = target.repo ?? settings.github.repo;
    if (!repo || told(ctx.home).includes(repo) || knownPrivate.get(ctx.settings)?.has(repo)) return null;
    let isPrivate: boolean;
    try {
      isPrivate = (target.repository ?? (await lookUpRepository(ctx, repo))).private;
    } catch {
      return null; // the upload itself says what is wrong (no token, no access), before sending anything
    }
    if (isPrivate) {
      if (!knownPrivate.has(ctx.settings)) knownPrivate.set(ctx.settings, new Set());
      knownPrivate.get(ctx.settings)!.add(repo);
      return null;
    }
    return {
      title: 'This repository is public',
      text:
        `${repo} is public: anyone can see the images attached to it, and GitHub has no delete for ` +
        'them. (Shown once for this repository.)',
      given: () => rememberTold(ctx.home, repo),
    };
  }
  if (!publicTierNoticeDue(settings, findTier(listProviders(ctx), target.providerId, target.tierId)))
    return null;
  return {
    title: 'Shotlink links are public',
    text: PUBLIC_NOTICE,
    given: () => ctx.settings.set({ publicNoticeShown: true }),
  };
}

/** GitHub's client is loaded only by uploads that go to GitHub (every `shotlink upload` would pay for it). */
async function lookUpRepository(ctx: CoreContext, repo: string): Promise<Pick<Repository, 'private'>> {
  const { checkedRepository, resolveGithubDestination } = await import('./providers/github/provider.ts');
  return checkedRepository(await resolveGithubDestination(ctx, repo));
}

function told(home: string): string[] {
  try {
    return toldSchema.parse(JSON.parse(readFileSync(toldFile(home), 'utf8')));
  } catch {
    return []; // none yet, or damaged: telling again is the safe side
  }
}

function rememberTold(home: string, repo: string): void {
  // Locked: two processes telling about two repositories keep both.
  withLock(`${toldFile(home)}.lock`, () => {
    const list = told(home);
    if (!list.includes(repo)) writeFileAtomicSync(toldFile(home), `${JSON.stringify([...list, repo])}\n`);
  });
}
