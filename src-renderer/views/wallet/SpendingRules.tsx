// Wallet: the spending rules (ask before paying, the daily cap).
import { parseUsdc } from '../../../src-shared/catalog.ts';
import { SettingRow } from '../../components/SettingRow.tsx';
import { httpUrlProblem, TextSetting } from '../../components/TextSetting.tsx';
import { Switch } from '../../components/Switch.tsx';
import { useShared } from '../../state.tsx';

export function SpendingRules() {
  const { settings, updateSettings } = useShared();
  const payments = settings!.payments;
  return (
    <section className="panel">
      <h2 className="section-title">Spending rules</h2>
      <SettingRow
        label="Network"
        description="Base for real money; Base Sepolia to try things with test USDC."
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            aria-describedby={describedBy}
            value={payments.network}
            onChange={(e) =>
              void updateSettings({ payments: { network: e.target.value as 'base' | 'base-sepolia' } })
            }
          >
            <option value="base">Base</option>
            <option value="base-sepolia">Base Sepolia (test)</option>
          </select>
        )}
      </SettingRow>
      <TextSetting
        validate={usdcProblem}
        suffix="USDC"
        inputMode="decimal"
        label="Daily spending cap"
        description="Shotlink never spends more than this in a day, whatever you answer."
        value={payments.dailyCapUsdc}
        onSave={(v, refused) => updateSettings({ payments: { dailyCapUsdc: v } }, { refused })}
      />
      <Switch
        label="Ask before paying"
        description="Show a confirmation with the price before each payment."
        checked={payments.askBeforePaying}
        onChange={(v) => void updateSettings({ payments: { askBeforePaying: v } })}
      />
      {!payments.askBeforePaying && (
        <TextSetting
          validate={usdcProblem}
          suffix="USDC"
          inputMode="decimal"
          label="Pay without asking up to"
          description="Larger payments still ask first."
          value={payments.autoApproveUpToUsdc}
          onSave={(v, refused) => updateSettings({ payments: { autoApproveUpToUsdc: v } }, { refused })}
        />
      )}
      <TextSetting
        label="Balance RPC URL"
        description="Optional: a JSON-RPC address for the network, used only to show the balance."
        value={payments.rpcUrl}
        validate={httpUrlProblem}
        placeholder="https://mainnet.base.org"
        inputMode="url"
        wide
        onSave={(v, refused) => updateSettings({ payments: { rpcUrl: v } }, { refused })}
      />
    </section>
  );
}

/** A USDC amount, checked with the shared parser before it is saved. */
function usdcProblem(value: string): string | null {
  try {
    parseUsdc(value);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
