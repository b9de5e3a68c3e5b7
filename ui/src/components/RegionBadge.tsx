import type { AccountView } from "../ipc/types";

/** The account's region in its own colour, so India and Global can never be confused. */
export function RegionBadge({ account }: { account: AccountView }) {
  return (
    <span
      className={`region-badge region-badge--${account.region.kind}`}
      style={{ backgroundColor: account.color }}
      data-region={account.region.kind}
    >
      {account.region_label}
    </span>
  );
}
