// Which calls the app analyses by itself: only the ones opened, or every synced call whose
// recording is downloaded (analysed one at a time in the background; paused with the sync).
import type { BackgroundAnalysis } from "../bindings/BackgroundAnalysis";
import { call } from "./core";

export type { BackgroundAnalysis };

export function backgroundAnalysis(): Promise<BackgroundAnalysis> {
  return call("background_analysis");
}

export function setBackgroundAnalysis(mode: BackgroundAnalysis): Promise<null> {
  return call("set_background_analysis", { mode });
}
