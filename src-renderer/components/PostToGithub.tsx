// "Post to #…" after an upload to GitHub: the attachment (and optional text) as one comment on an
// issue or pull request of its repository. Closed until asked for, so a finished upload stays one line.
import { useState } from 'react';
import { useShared } from '../state.tsx';

export function PostToGithub({ entryId, name }: { entryId: string; name: string }) {
  const { bridge, attempt, notify } = useShared();
  const [open, setOpen] = useState(false);
  const [issue, setIssue] = useState('');
  const [body, setBody] = useState('');
  const [posting, setPosting] = useState(false);
  const [posted, setPosted] = useState<string | null>(null);
  const number = Number(issue.trim().replace(/^#/, ''));
  const valid = /^#?[1-9]\d{0,9}$/.test(issue.trim());

  async function post() {
    if (!valid || posting) return;
    setPosting(true);
    const comment = await attempt(() =>
      bridge.api.postToGithub({ entryIds: [entryId], issue: number, ...(body.trim() && { body }) }),
    );
    setPosting(false);
    if (!comment) return;
    setPosted(comment.commentUrl);
    setOpen(false);
    notify('info', `Posted ${name} to #${number}`);
  }

  if (posted) {
    return (
      <p className="muted small">
        Posted:{' '}
        <a href={posted} target="_blank" rel="noreferrer noopener">
          {posted}
        </a>
      </p>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        Post to #…
      </button>
    );
  }
  return (
    <form
      className="post-to-github"
      aria-label={`Post ${name} to a GitHub issue or pull request`}
      onSubmit={(event) => {
        event.preventDefault();
        void post();
      }}
    >
      <label>
        Issue or pull request #
        <input
          inputMode="numeric"
          value={issue}
          placeholder="123"
          onChange={(event) => setIssue(event.target.value)}
          aria-invalid={issue !== '' && !valid ? true : undefined}
        />
      </label>
      <label>
        Text (optional; the image goes where it names {name}, or after it)
        <textarea
          value={body}
          rows={3}
          maxLength={60_000}
          onChange={(event) => setBody(event.target.value)}
        />
      </label>
      <div className="row">
        <button type="submit" className="button button-primary button-small" disabled={!valid || posting}>
          {posting ? 'Posting…' : valid ? `Post to #${number}` : 'Post'}
        </button>
        <button type="button" className="button button-small" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
