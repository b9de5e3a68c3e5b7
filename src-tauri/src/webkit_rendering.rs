//! How WebKitGTK draws on Linux. By default it composites through OpenGL. On a machine without a
//! GPU (a VM, a remote desktop, a headless test display) that OpenGL is Mesa's software
//! renderer, and there it made the app slower and heavier than WebKit's own CPU path: measured
//! with `bench/app.sh` under Xvfb, launch → first rows painted 882 → 621 ms, a call's data →
//! painted 34 → 18 ms (click → painted 134 → 48 ms), memory with 10,000 rows 571 → 469 MiB.
//! So when the machine has no GPU render node, compositing is turned off; with a GPU, WebKit's
//! default stays. A user's own `WEBKIT_DISABLE_COMPOSITING_MODE` always wins.

use std::ffi::OsString;
use std::path::Path;

const SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Sets WebKit's switch before any thread or WebKit starts (the variable is read at start-up).
pub fn choose_compositing() {
    if disable_compositing(
        std::env::var_os(SWITCH),
        has_gpu_render_node(Path::new("/dev/dri")),
    ) {
        // Called first thing in `run`, while the process has a single thread.
        std::env::set_var(SWITCH, "1");
    }
}

fn disable_compositing(user_choice: Option<OsString>, has_gpu: bool) -> bool {
    user_choice.is_none() && !has_gpu
}

/// A DRM render node (`/dev/dri/renderD128`, …) is how a GPU is offered to OpenGL.
fn has_gpu_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_compositing_off_only_without_a_gpu_and_without_a_user_choice() {
        assert!(disable_compositing(None, false));
        assert!(!disable_compositing(None, true));
        assert!(!disable_compositing(Some("0".into()), false));
        assert!(!disable_compositing(Some("1".into()), true));
    }

    #[test]
    fn finds_a_render_node() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!has_gpu_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").unwrap();
        assert!(
            !has_gpu_render_node(dir.path()),
            "a display node alone is not a render node"
        );
        std::fs::write(dir.path().join("renderD128"), b"").unwrap();
        assert!(has_gpu_render_node(dir.path()));
        assert!(!has_gpu_render_node(&dir.path().join("missing")));
    }
}
