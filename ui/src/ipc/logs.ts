// The app's log folder (`open_logs_folder`): opened in the file manager by the Rust side.
import { call } from "./core";

/** Opens the folder holding the app's log files; resolves to its path. */
export function openLogsFolder(): Promise<string> {
  return call("open_logs_folder");
}
