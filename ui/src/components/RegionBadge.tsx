import type { AccountView } from "../ipc/types";
import { readableTextOn } from "../lib/colour";

/** The account's region in its own colour, so India and Global can never be confused; the text
 * is white or dark, whichever reads on that colour. */
export function RegionBadge({ account }: { account: AccountView }) {
  return (
    <span
      className={`region-badge region-badge--${account.region.kind}`}
      style={{ backgroundColor: account.color, color: readableTextOn(account.color) }}
      data-region={account.region.kind}
    >
      {account.region_label}
    </span>
  );
}
