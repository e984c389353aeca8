// The text of a comment that carries images: each image goes where the text names its file (the first
// mention standing on its own, so `shot.png` in "see shot.png" but not in "myshot.png"), the others
// after the text, one per line. A hidden marker ends it, so a run after a crash can find the comment
// an earlier run posted instead of posting it twice.
import { formatLink } from '../../../src-shared/links.ts';

export interface CommentImage {
  /** The name the text may mention. */
  fileName: string;
  /** Alt text (the file name unless the person gave one). */
  alt: string;
  url: string;
}

/** GitHub refuses comments over 65,536 characters; the marker and links need some room. */
export const MAX_COMMENT_TEXT = 60_000;

export const commentMarker = (planId: string) => `<!-- shotlink:${planId} -->`;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function composeComment(text: string | undefined, images: CommentImage[], marker: string): string {
  let body = (text ?? '').replace(/\r\n/g, '\n').trimEnd();
  const appended: string[] = [];
  for (const image of images) {
    const markdown = formatLink({ url: image.url, name: image.alt }, 'markdown');
    const mention = new RegExp(`(?<![\\w./-])${escapeRegExp(image.fileName)}(?![\\w-]|\\.\\w)`);
    // A function as the replacement: "$&" or "$1" in a link must stay as written.
    if (mention.test(body)) body = body.replace(mention, () => markdown);
    else appended.push(markdown);
  }
  const parts = [body, appended.join('\n'), marker].filter((part) => part !== '');
  return parts.join('\n\n');
}
