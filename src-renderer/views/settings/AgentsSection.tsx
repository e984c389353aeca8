// Settings: what coding agents may do through `shotlink mcp` (docs/agents.md). Only the person changes
// these, here or with `shotlink config`; no agent can. The hosts agents may use, the one-time consent
// to public links, a daily budget for paid tiers (none by default), and covering secrets (on).
import type { TierInfo } from '../../../src-shared/catalog.ts';
import type { Settings } from '../../../src-shared/settings.ts';
import { Switch } from '../../components/Switch.tsx';
import { TextSetting } from '../../components/TextSetting.tsx';
import { useShared } from '../../state.tsx';

const USDC = /^\d+(\.\d{1,6})?$/;

/** Who sees what agents upload there: public hosts need the consent below; GitHub, its repository's readers. */
function hostDescription(tiers: readonly TierInfo[]): string {
  if (tiers.some((tier) => tier.public)) return 'Public links: also needs your consent below.';
  const audience = tiers.find((tier) => tier.audience)?.audience;
  if (audience) return `Seen by ${audience}; a public one also needs your consent below.`;
  return 'Links stay on your own server.';
}

export function AgentsSection({ settings }: { settings: Settings }) {
  const { updateSettings, providers } = useShared();
  const { agents } = settings;
  const toggleHost = (id: string, on: boolean) =>
    void updateSettings({
      agents: { hosts: on ? [...agents.hosts, id] : agents.hosts.filter((host) => host !== id) },
    });
  return (
    <section className="panel" aria-labelledby="agents-title">
      <h2 className="section-title" id="agents-title">
        Agents (MCP)
      </h2>
      <p className="muted">
        Coding agents reach Shotlink through <code>shotlink mcp</code>. They can use only what you allow here.
      </p>
      <div role="group" aria-label="Hosts agents may use">
        {providers.map((provider) => (
          <Switch
            key={provider.id}
            label={`Agents may upload to ${provider.label}`}
            description={hostDescription(provider.tiers)}
            checked={agents.hosts.includes(provider.id)}
            onChange={(on) => toggleHost(provider.id, on)}
          />
        ))}
      </div>
      <Switch
        label="Agents may make public links"
        description="Anyone who has such a link can see the image, and most hosts only remove it when it expires. Agents never change this."
        checked={agents.publicLinks}
        onChange={(on) => void updateSettings({ agents: { publicLinks: on } })}
      />
      <TextSetting
        label="Agents' budget for paid tiers"
        description="Most USDC agents may pay in any 24 hours, within the daily cap. 0: agents use free tiers only."
        value={agents.budgetUsdc}
        suffix="USDC / day"
        inputMode="decimal"
        validate={(v) => (USDC.test(v) ? null : 'An amount of USDC such as 0.05.')}
        onSave={(v, refused) => updateSettings({ agents: { budgetUsdc: v } }, { refused })}
      />
      <Switch
        label="Cover secrets in what agents upload and see"
        description="Keys, tokens, passwords, email and IP addresses are covered before an agent's upload leaves and before an agent sees a capture."
        checked={agents.redact}
        onChange={(on) => void updateSettings({ agents: { redact: on } })}
      />
    </section>
  );
}
