//! The « kit de secours » of a dossier: one printed sheet (two at most) telling where the
//! dossier is and how to open it elsewhere, with an empty box to write the passphrase by
//! hand. The passphrase itself is never printed: [`RescueKit`] has no field for it.

use std::path::PathBuf;

use super::{PdfDoc, PdfError};

/// What the rescue kit shows about a dossier. Dates are given already formatted for
/// display (e.g. « 12 mars 2025 à 14:05 »).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RescueKit {
    /// The dossier's file name, e.g. `Mairie d'Uzès.greffier`.
    pub dossier_file_name: String,
    /// The full path of the file.
    pub dossier_path: String,
    /// The dossier's identifier (UUID).
    pub dossier_id: String,
    pub created_at: String,
    pub printed_at: String,
    /// Names of the organisations the dossier holds.
    pub organisations: Vec<String>,
    /// Where the automatic backups are written, if they are.
    pub backups_dir: Option<PathBuf>,
}

/// The rescue kit as a PDF (A4, French with English subtitles).
pub fn rescue_kit_pdf(kit: &RescueKit) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDoc::new(&format!("Kit de secours Greffier — {}", kit.dossier_file_name))?;
    doc.set_subject("Kit de secours d'un dossier Greffier / Greffier rescue kit");
    doc.set_footer(&format!("Kit de secours Greffier · {} · à garder en lieu sûr", kit.dossier_file_name));

    doc.heading("Kit de secours Greffier", 1)?;
    doc.note("Greffier rescue kit — keep this sheet in a safe place")?;
    doc.paragraph(
        "Cette feuille sert à retrouver et à rouvrir votre dossier Greffier si l'ordinateur tombe en \
         panne, est volé ou remplacé. Elle dit où se trouve le dossier et comment l'ouvrir ailleurs. \
         Elle ne contient pas la phrase de passe : écrivez-la vous-même, à la main, dans le cadre prévu.",
    )?;
    doc.note(
        "This sheet helps you find and reopen your Greffier dossier if the computer breaks down, is stolen \
         or replaced. It does not contain the passphrase: write it by hand in the box below.",
    )?;

    doc.heading_with_subtitle("Votre dossier", "Your dossier", 2)?;
    doc.key_value("Fichier", &kit.dossier_file_name)?;
    doc.key_value("Emplacement", &kit.dossier_path)?;
    doc.key_value("Identifiant", &kit.dossier_id)?;
    doc.key_value("Créé le", &kit.created_at)?;
    doc.key_value("Imprimé le", &kit.printed_at)?;
    let backups = match &kit.backups_dir {
        Some(dir) => dir.display().to_string(),
        None => "aucune sauvegarde automatique n'est configurée pour ce dossier".to_string(),
    };
    doc.key_value("Sauvegardes", &backups)?;
    match kit.organisations.len() {
        0 => doc.key_value("Organismes", "aucun pour l'instant")?,
        1 => doc.key_value("Organisme", &kit.organisations[0])?,
        n if n <= 4 => doc.key_value("Organismes", &kit.organisations.join("\n"))?,
        n => {
            doc.key_value("Organismes", &format!("{n} organismes, listés en fin de document"))?;
        }
    }

    doc.space(4.0);
    doc.writing_box(
        "Phrase de passe (à écrire à la main)",
        Some(
            "Passphrase (write it by hand). Recopiez-la exactement : majuscules, accents, tirets et \
             ordre des mots comptent.",
        ),
        3,
    )?;

    doc.boxed(
        Some("Personne ne peut retrouver une phrase de passe perdue"),
        "Le dossier est chiffré. Sans sa phrase de passe, personne ne peut l'ouvrir ni récupérer son \
         contenu : ni vous, ni un informaticien, ni les auteurs de Greffier. Il n'existe aucune porte \
         dérobée.\nNobody can recover a lost passphrase, not even Greffier's authors.",
        1.2,
    )?;

    doc.heading_with_subtitle("Conseils", "Advice", 2)?;
    doc.bullet("Rangez cette feuille dans un endroit fermé à clé (coffre, armoire), séparé de l'ordinateur.")?;
    doc.bullet("Ne la photographiez pas, ne la scannez pas et ne l'envoyez pas par courriel.")?;
    doc.bullet("Dites à une personne de confiance où elle se trouve.")?;

    doc.heading_with_subtitle("Ouvrir le dossier sur un autre ordinateur", "On another computer", 2)?;
    doc.list_item("1.", "Installez Greffier (la même version ou une plus récente).")?;
    doc.list_item(
        "2.",
        &format!(
            "Copiez le fichier « {} » sur le nouvel ordinateur (depuis l'ancien disque, une clé USB ou \
             le dossier des sauvegardes).",
            kit.dossier_file_name
        ),
    )?;
    doc.list_item(
        "3.",
        "Lancez Greffier, choisissez « Ouvrir un dossier », sélectionnez le fichier et saisissez la \
         phrase de passe.",
    )?;

    doc.heading_with_subtitle("Si cette feuille est perdue", "If this sheet is lost", 2)?;
    doc.paragraph(
        "Ouvrez le dossier, changez la phrase de passe dans Paramètres, puis imprimez un nouveau kit de \
         secours et détruisez les anciens exemplaires.",
    )?;

    if kit.organisations.len() > 4 {
        let title = format!("Organismes de ce dossier ({})", kit.organisations.len());
        doc.heading_with_subtitle(&title, "Organisations in this dossier", 2)?;
        for org in &kit.organisations {
            doc.bullet(org)?;
        }
    }

    doc.finish()
}
