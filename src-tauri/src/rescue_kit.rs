//! The « kit de secours » of the open dossier, drawn by the core's PDF layer.

use greffier::documents::pdf::rescue_kit::{rescue_kit_pdf, RescueKit};
use greffier::store::Dossier;

use crate::error::{AppError, AppResult};

pub fn pdf_for(d: &Dossier) -> AppResult<Vec<u8>> {
    let info = d.info()?;
    let kit = RescueKit {
        dossier_file_name: crate::state::file_name(&info.path),
        dossier_path: info.path.display().to_string(),
        dossier_id: info.id.to_string(),
        created_at: info
            .created_at
            .as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map(|t| french_date_time(t.with_timezone(&chrono::Local)))
            .unwrap_or_else(|| "inconnue".to_string()),
        printed_at: french_date_time(chrono::Local::now()),
        organisations: info.organisations.into_iter().map(|o| o.name).collect(),
        backups_dir: info.backups_dir,
    };
    rescue_kit_pdf(&kit).map_err(|e| {
        AppError::new("pdf", format!("Impossible de produire le PDF : {e}"), format!("Cannot produce the PDF: {e}"))
    })
}

/// « 23/11/2026 à 14:05 », the way the sheet is read by a French user.
fn french_date_time(t: chrono::DateTime<chrono::Local>) -> String {
    t.format("%d/%m/%Y à %H:%M").to_string()
}
