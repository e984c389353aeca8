// Settings → GitHub: the repository uploads to GitHub go to, and the token (keychain; GH_TOKEN,
// GITHUB_TOKEN or `gh auth token` otherwise). Who sees the images is the repository's audience.
import type { Settings } from '../../../src-shared/settings.ts';
import { SecretField } from '../../components/SecretField.tsx';
import { TextSetting } from '../../components/TextSetting.tsx';
import { useShared } from '../../state.tsx';

const REPO = /^([A-Za-z0-9-]+\/[A-Za-z0-9._-]+)?$/;

export function GithubSection({ settings }: { settings: Settings }) {
  const { updateSettings } = useShared();
  const { repo } = settings.github;
  return (
    <section className="panel">
      <h2 className="section-title">GitHub</h2>
      <p className="muted small">
        Upload to a repository’s attachments, as GitHub’s own editor does: on a private repository only people
        who can read it see the images. Attachments are permanent; GitHub has no delete for them.
      </p>
      <TextSetting
        key={`repo:${repo}`}
        label="Repository"
        description="owner/name"
        placeholder="octocat/hello-world"
        value={repo}
        validate={(value) => (REPO.test(value) ? null : 'Write it as owner/name.')}
        onSave={(next) => updateSettings({ github: { repo: next } })}
      />
      <SecretField account="github-token" label="Token" />
    </section>
  );
}
