// One search result: the snippet with its matches marked, the account and region it is from,
// when it started and how it ended.
import { memo } from "react";
import { RegionBadge } from "../../components/RegionBadge";
import { StatusBadge } from "../../components/StatusBadge";
import { formatClock } from "../../components/waveform/timeText";
import type { LibrarySearchHit } from "../../ipc/libraryQuery";
import type { AccountView } from "../../ipc/types";
import { formatInstant, type TimeZoneChoice } from "../../lib/time";
import { statusInfoOf } from "../../lib/statusLabels";

export function Snippet({ hit }: { hit: LibrarySearchHit }) {
  return (
    <span className="library-snippet">
      {hit.snippet.parts.map((part, i) => (part.matched ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </span>
  );
}

function where(hit: LibrarySearchHit): string {
  if (hit.turn_index === null) return "In the call's details";
  const time = hit.turn_start_secs === null ? "" : ` at ${formatClock(hit.turn_start_secs)}`;
  return `Turn ${hit.turn_index + 1}${time}`;
}

export const SearchResult = memo(function SearchResult(props: {
  hit: LibrarySearchHit;
  account: AccountView | undefined;
  zone: TimeZoneChoice;
  onOpen: (hit: LibrarySearchHit) => void;
}) {
  const { hit, account, zone, onOpen } = props;
  return (
    <li>
      <button
        type="button"
        className="search-result"
        data-testid="search-result"
        data-id={hit.conversation_id}
        data-account-id={hit.account_id ?? ""}
        disabled={hit.account_id === null}
        onClick={() => onOpen(hit)}
      >
        <Snippet hit={hit} />
        <span className="search-result__meta">
          {account ? <RegionBadge account={account} /> : <span className="tag">{hit.region}</span>}
          <span className="search-result__account">{hit.account_label}</span>
          <span className="search-result__time">{formatInstant(hit.start_ms, zone)}</span>
          <StatusBadge status={statusInfoOf(hit.status, hit.status_category)} />
          <span className="search-result__where">{where(hit)}</span>
        </span>
      </button>
    </li>
  );
});
