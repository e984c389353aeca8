// Where uploads go: every host and tier as a card with price, size limit and retention side by side,
// one radio group so arrow keys move between them and the current choice is always marked.
import type { ProviderInfo, TierInfo } from '../../src-shared/catalog.ts';
import { describeRetention, formatUsdc } from '../../src-shared/catalog.ts';
import { formatBytes } from '../lib/format.ts';
import { SECRET_ACCOUNTS, isSecretAccount } from '../../src-shared/secrets.ts';
import { CheckIcon, PlusIcon, TrashIcon } from './icons.tsx';

export interface TierPickerProps {
  providers: ProviderInfo[];
  provider: string;
  tier: string;
  hasWallet: boolean;
  /** Keychain accounts known to be unset: a tier that needs one says where to add it. */
  missingSecrets?: ReadonlySet<string>;
  onSelect: (provider: string, tier: string) => void;
  onRemoveCustom?: (name: string) => void;
  /** Opens the file picker for a ShareX .sxcu uploader. */
  onImportCustom?: () => void;
}

export function priceLabel(tier: TierInfo): string {
  return tier.priceAtomic === null || BigInt(tier.priceAtomic) === 0n
    ? 'Free'
    : `${formatUsdc(tier.priceAtomic)} USDC`;
}

export function retentionLabel(tier: TierInfo): string {
  return tier.retentionDays === null ? 'Kept permanently' : `Kept ${describeRetention(tier.retentionDays)}`;
}

export function TierPicker({
  providers,
  provider,
  tier,
  hasWallet,
  missingSecrets = new Set(),
  onSelect,
  onRemoveCustom,
  onImportCustom,
}: TierPickerProps) {
  const builtins = providers.filter((p) => p.kind === 'built-in');
  const customs = providers.filter((p) => p.kind === 'imported');
  return (
    <div className="tier-picker" role="radiogroup" aria-label="Where uploads go">
      {builtins.map((p) => (
        <section key={p.id} className="provider-group" aria-label={p.label}>
          <h3 className="provider-name">{p.label}</h3>
          <div className="tier-grid">
            {p.tiers.map((t) => (
              <TierCard
                key={t.id}
                providerId={p.id}
                providerLabel={p.label}
                tier={t}
                selected={p.id === provider && t.id === tier}
                needsWallet={t.priceAtomic !== null && !hasWallet}
                missing={(t.needs ?? []).filter((account) => missingSecrets.has(account))}
                onSelect={onSelect}
              />
            ))}
          </div>
        </section>
      ))}
      <section className="provider-group" aria-label="Custom uploaders">
        <h3 className="provider-name">Custom uploaders</h3>
        <div className="tier-grid">
          {customs.map((p) => {
            const t = p.tiers[0];
            if (!t) return null;
            return (
              <TierCard
                key={p.id}
                providerId={p.id}
                providerLabel={p.label}
                tier={{ ...t, label: p.label }}
                selected={p.id === provider}
                needsWallet={false}
                onSelect={onSelect}
                onRemove={onRemoveCustom ? () => onRemoveCustom(p.id) : undefined}
              />
            );
          })}
          {onImportCustom && (
            <button type="button" className="tier-card-add" onClick={onImportCustom}>
              <PlusIcon width={20} height={20} />
              <span className="tier-title">Import a ShareX uploader…</span>
              <span className="muted small">A .sxcu file: upload to your own endpoint.</span>
            </button>
          )}
        </div>
      </section>
    </div>
  );
}

interface TierCardProps {
  providerId: string;
  providerLabel: string;
  tier: TierInfo;
  selected: boolean;
  needsWallet: boolean;
  /** Keychain accounts this tier needs that are not set. */
  missing?: string[];
  onSelect: (provider: string, tier: string) => void;
  onRemove?: (() => void) | undefined;
}

function TierCard({
  providerId,
  providerLabel,
  tier,
  selected,
  needsWallet,
  missing = [],
  onSelect,
  onRemove,
}: TierCardProps) {
  const paid = priceLabel(tier) !== 'Free';
  return (
    <div className={`tier-card${selected ? ' is-selected' : ''}${paid ? ' is-paid' : ''}`}>
      <label className="tier-card-label">
        <input
          type="radio"
          className="card-input"
          name="destination"
          value={`${providerId}/${tier.id}`}
          checked={selected}
          aria-label={`${providerLabel} ${tier.label}: ${priceLabel(tier)}, up to ${formatBytes(tier.maxBytes)}, ${retentionLabel(tier).toLowerCase()}`}
          onChange={() => onSelect(providerId, tier.id)}
        />
        <span className="tier-head">
          <span className="tier-title">{tier.label}</span>
          {selected && (
            <span className="badge badge-current">
              <CheckIcon width={12} height={12} /> Current
            </span>
          )}
        </span>
        {/* A tier called "Free" need not say so twice. */}
        <span className="tier-price">{priceLabel(tier) === tier.label ? 'No charge' : priceLabel(tier)}</span>
        <span className="tier-facts">
          <span>
            <span className="fact-label">Size limit</span> {formatBytes(tier.maxBytes)}
          </span>
          <span>
            <span className="fact-label">Retention</span>{' '}
            {tier.retentionDays === null ? 'permanent' : describeRetention(tier.retentionDays)}
          </span>
          <span>
            <span className="fact-label">Visibility</span>{' '}
            {tier.audience ?? (tier.public ? 'public link' : 'private')}
          </span>
        </span>
        {tier.note && <span className="tier-note">{tier.note}</span>}
        {needsWallet && <span className="tier-warning">Needs a wallet: set one up under Wallet.</span>}
        {missing.length > 0 && (
          <span className="tier-warning">
            Needs {missing.map(secretName).join(' and ')}: add {missing.length > 1 ? 'them' : 'it'} under
            Settings.
          </span>
        )}
      </label>
      {onRemove && (
        <button
          type="button"
          className="icon-button tier-remove"
          aria-label={`Remove uploader ${providerLabel}`}
          onClick={onRemove}
        >
          <TrashIcon width={14} height={14} />
        </button>
      )}
    </div>
  );
}

/** "the img.pro API key", for a sentence. */
const secretName = (account: string) =>
  isSecretAccount(account) ? SECRET_ACCOUNTS[account].label.replace(/^The /, 'the ') : account;
