// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Greffier's screens are static forms: WebKitGTK's accelerated compositing brings nothing
    // but memory (about 110 MB more for the web process, measured with scripts/bench-desktop)
    // and is a known cause of blank windows on some Linux GPUs. Off unless the user chose.
    // Set before any thread exists.
    // Likewise JavaScriptCore's JIT: our scripts are small, the interpreter is fast enough,
    // and without JIT the web process holds about 13 MB less and exposes less to attack.
    #[cfg(target_os = "linux")]
    for (var, value) in [("WEBKIT_DISABLE_COMPOSITING_MODE", "1"), ("JSC_useJIT", "false")] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, value);
        }
    }
    greffier_desktop::run();
}
