// Where an agent may upload: only to a host the person allowed for agents (agents.hosts), only to a
// public host once the person agreed to agents making public links (agents.publicLinks), and only to a
// paid tier when the person set a budget for agents (agents.budgetUsdc). Each refusal says what the
// agent can do instead and what the person can change. No tool argument reaches these settings.
import { destinationOf } from '../../../src-shared/consent.ts';
import { ShotlinkError } from '../../../src-shared/errors.ts';
import type { CoreContext } from '../context.ts';
import { agentBudgetRefusal } from '../payments/policy.ts';
import { listProviders } from '../providers/registry.ts';
import { resolveUploadTarget, type UploadTarget } from '../upload-now.ts';

/** Where a person changes what agents may do, for messages: the window, or this `config` command. */
export const settingHint = (command: string) =>
  `in the window's Settings → Agents, or with \`shotlink config set ${command}\``;

/** The destination asked for (else the settings'), or a refusal naming what agents may use. */
export function agentTarget(
  ctx: CoreContext,
  asked: { provider?: string | undefined; tier?: string | undefined },
): UploadTarget & { visibility: string } {
  const { agents } = ctx.settings.get();
  const target = resolveUploadTarget(ctx, asked);
  const allowed = agents.hosts;
  if (!allowed.includes(target.providerId)) {
    throw new ShotlinkError(
      'usage',
      allowed.length === 0
        ? 'The user has not allowed agents to upload anywhere yet. Ask them to allow a host for agents ' +
            `${settingHint(`agents.hosts '["server"]'`)}.`
        : `The user has not allowed agents to upload to ${target.providerId}. Use one of: ` +
            `${allowed.join(', ')} (the destination argument), or ask the user to allow it ` +
            `${settingHint(`agents.hosts '${JSON.stringify([...allowed, target.providerId])}'`)}.`,
      { code: 'agent_host_not_allowed' },
    );
  }
  if (target.tier.public && !agents.publicLinks) {
    throw new ShotlinkError(
      'usage',
      `${destinationOf(providerInfo(ctx, target.providerId), target.tier)}: anyone with the link could see ` +
        'the image, and the user has not agreed to agents making public links. Use a private destination ' +
        `the user allowed, or ask the user to agree once ${settingHint('agents.publicLinks true')}.`,
      { code: 'agent_public_consent' },
    );
  }
  // Early, before any image work: a tier the budget cannot pay even once. The payment itself is checked
  // again against what agents already spent, under the ledger's lock (payments-service.ts).
  const price = target.tier.priceAtomic;
  const unaffordable = price !== null && agentBudgetRefusal(0n, BigInt(price), agents.budgetUsdc);
  if (unaffordable) throw new ShotlinkError('payment', unaffordable, { code: 'agent_budget' });
  return { ...target, visibility: visibilityOf(target) };
}

/** Who can see an upload on this tier, in words a model passes on. */
export function visibilityOf(target: Pick<UploadTarget, 'tier'>): string {
  return target.tier.public
    ? 'public: anyone who has the link can see the image'
    : 'private to the people who can reach this destination (the user’s own server or store)';
}

function providerInfo(ctx: CoreContext, id: string) {
  return listProviders(ctx).find((provider) => provider.id === id);
}
