// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Greffier's screens are static forms: WebKitGTK's accelerated compositing brings nothing
    // but memory (about 110 MB more for the web process, measured with scripts/bench-desktop)
    // and is a known cause of blank windows on some Linux GPUs. Off unless the user chose.
    // Set before any thread exists.
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    greffier_desktop::run();
}
