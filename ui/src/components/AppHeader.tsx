// The top bar: brand, the active account (its colour runs along the whole bar), time zone.
import type { AccountView } from "../ipc/types";
import { TIME_ZONE_LABELS, type TimeZoneChoice } from "../lib/time";
import { useTimeZone } from "../state/timeZone";
import { AccountSwitcher } from "./AccountSwitcher";
import { CacheMenu } from "./CacheMenu";
import { LogsButton } from "./LogsButton";

export interface AppHeaderProps {
  accounts: AccountView[];
  active: AccountView;
  onSwitch: (id: string) => void;
  onManage: () => void;
}

export function AppHeader({ accounts, active, onSwitch, onManage }: AppHeaderProps) {
  const { zone, setZone } = useTimeZone();
  return (
    <header className="app-header" data-region={active.region.kind}>
      <div className="app-header__accent" style={{ backgroundColor: active.color }} data-testid="account-accent" />
      <div className="app-header__bar">
        <span className="app-header__brand">Formant Desk</span>
        <AccountSwitcher accounts={accounts} active={active} onSwitch={onSwitch} onManage={onManage} />
        <span className="app-header__url" title="API base URL">
          {active.base_url}
        </span>
        <CacheMenu />
        <LogsButton />
        <div className="segmented" role="radiogroup" aria-label="Time zone">
          {(Object.keys(TIME_ZONE_LABELS) as TimeZoneChoice[]).map((z) => (
            <button
              type="button"
              key={z}
              role="radio"
              aria-checked={zone === z}
              className={`segmented__item ${zone === z ? "is-on" : ""}`}
              onClick={() => setZone(z)}
            >
              {TIME_ZONE_LABELS[z]}
            </button>
          ))}
        </div>
      </div>
    </header>
  );
}
