//! Placeholder for the Tauri 2 desktop shell (issue « Desktop app »).
//! It only proves the workspace layout; the real window replaces it.

fn main() {
    eprintln!(
        "Greffier {} : l'application de bureau arrive bientôt ; utilisez la commande `greffier`.",
        greffier::VERSION
    );
}
