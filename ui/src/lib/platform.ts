// Which desktop the webview runs on, for the few things that differ: shortcut labels (⌘ or
// Ctrl) and the font stack (see `:root[data-platform]` in styles/app.css).
export type Platform = "macos" | "windows" | "linux";

/** From `navigator.userAgent`: WKWebView says "Macintosh", WebView2 "Windows", WebKitGTK "Linux". */
export function platformOf(userAgent: string): Platform {
  if (/Mac/i.test(userAgent)) return "macos";
  if (/Windows/i.test(userAgent)) return "windows";
  return "linux";
}

export const PLATFORM: Platform = typeof navigator === "undefined" ? "linux" : platformOf(navigator.userAgent);
