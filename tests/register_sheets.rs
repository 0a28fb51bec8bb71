//! The register as spreadsheets: ODS/XLSX exports in the CNIL template layout read back
//! with calamine, the round trip export → import, a copy of the CNIL model filled in by
//! hand, mapped imports of foreign tables, the CSV export, and every kind of bad file
//! refused with a clean error.

use std::io::Cursor;

use calamine::{Data, Reader};
use greffier::documents::sheets::{
    preview_mapped, preview_spreadsheet, register_csv, register_ods, register_xlsx, suggest_mapping, ColumnMapping,
    Field, ImportError, ImportPreview, ImportSource, SheetOptions, CSV_COLUMNS,
};
use greffier::model::{
    DataCategory, DataSubjectCategory, LegalBasis, OrganisationBundle, Processing, RecipientKind, Retention, Safeguard,
    SecurityCategory, SpecialCategory, TimeUnit,
};
use proptest::prelude::*;
use uuid::Uuid;

mod support;

const DEMO: &str = include_str!("../assets/demo/demo.json");
const LIBRARY: &str = include_str!("../assets/register/library.json");
const CSV_DOC: &str = include_str!("../docs/register-csv.md");

fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(DEMO).expect("demo.json parses")
}

/// The 32 library templates, as processings of the demo bakery (fresh ids).
fn library_bundle() -> OrganisationBundle {
    let lib: serde_json::Value = serde_json::from_str(LIBRARY).expect("library.json parses");
    let mut b = OrganisationBundle::new(demo().remove(0).organisation);
    for e in lib["entries"].as_array().expect("entries") {
        let mut p: Processing = serde_json::from_value(e["template"].clone()).expect("template");
        p.id = Uuid::new_v4();
        b.processings.push(p);
    }
    assert_eq!(b.processings.len(), 32);
    b
}

fn opts() -> SheetOptions {
    SheetOptions::default()
}

/// Every sheet of a workbook as text, as a person reads it (dates as jj/mm/aaaa).
fn read_book(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens it");
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).expect("sheet");
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut rows = vec![Vec::new(); r0 as usize];
            for r in range.rows() {
                let mut row = vec![String::new(); c0 as usize];
                row.extend(r.iter().map(text_of));
                rows.push(row);
            }
            (n, rows)
        })
        .collect()
}

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("date:{y:04}-{m:02}-{d:02}")
        }
        Data::DateTimeIso(s) => format!("date:{}", &s[..10.min(s.len())]),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

fn sheet<'a>(book: &'a [(String, Vec<Vec<String>>)], name: &str) -> &'a [Vec<String>] {
    &book.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no sheet {name}")).1
}

fn cell(rows: &[Vec<String>], r: usize, c: usize) -> &str {
    rows.get(r).and_then(|row| row.get(c)).map(String::as_str).unwrap_or("")
}

/// The row whose column A is `label` (the first one).
fn row_of<'a>(rows: &'a [Vec<String>], label: &str) -> &'a [String] {
    rows.iter().find(|r| r.first().map(String::as_str) == Some(label)).unwrap_or_else(|| panic!("no row {label}"))
}

fn all_text(rows: &[Vec<String>]) -> String {
    rows.iter().flatten().cloned().collect::<Vec<_>>().join("\n")
}

fn exports(b: &OrganisationBundle) -> [(&'static str, Vec<u8>); 2] {
    [("ods", register_ods(b, &opts()).expect("ods export")), ("xlsx", register_xlsx(b, &opts()).expect("xlsx export"))]
}

#[test]
fn list_sheet_has_every_processing() {
    for b in demo() {
        for (format, bytes) in exports(&b) {
            let book = read_book(&bytes);
            assert_eq!(book[0].0, "Liste des traitements", "{format}: first sheet");
            let list = sheet(&book, "Liste des traitements");
            let header =
                list.iter().position(|r| r.first().map(String::as_str) == Some("Nom du traitement")).expect("header");
            assert_eq!(cell(list, header, 1), "N° / RÉF");
            assert_eq!(cell(list, header, 5), "Données sensibles ? (Oui / Non)");
            assert_eq!(cell(list, header, 6), "Base légale", "our columns come after the CNIL ones");
            let rows = &list[header + 1..];
            assert_eq!(rows.len(), b.processings.len(), "{format}");
            for (row, p) in rows.iter().zip(&b.processings) {
                assert_eq!(row[0], p.name, "{format}");
                assert_eq!(row[1], p.reference, "{format}");
                assert_eq!(row[2], format!("date:{}", p.created_at.date_naive()), "{format} created");
                assert_eq!(row[3], format!("date:{}", p.updated_at.date_naive()), "{format} updated");
                assert_eq!(row[4], p.main_purpose().unwrap().description.trim(), "{format}");
                let sensitive = !p.sensitive_data.is_empty() || p.criminal_data.is_some();
                assert_eq!(row[5], if sensitive { "Oui" } else { "Non" }, "{format} {}", p.name);
            }
            // Header block: the legal representative and the organisation's address.
            let head = row_of(list, "Responsable de l'organisme");
            assert_eq!(head[1], b.organisation.legal_representative.last_name);
            assert_eq!(head[2], b.organisation.legal_representative.first_name);
            assert_eq!(head[4], b.organisation.address.postcode);
            // One fiche per processing, names safe for every spreadsheet program.
            let fiches: Vec<&String> = book.iter().map(|(n, _)| n).filter(|n| n.starts_with("Fiche ")).collect();
            assert_eq!(fiches.len(), b.processings.len());
            for n in &fiches {
                assert!(n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\']), "{n}");
            }
            let has_processor = book.iter().any(|(n, _)| n == "Sous-traitance");
            assert_eq!(has_processor, !b.processor_activities.is_empty(), "{format}");
        }
    }
}

#[test]
fn processing_sheet_has_legal_basis_retention_and_transfer() {
    let b = demo().remove(0);
    let i = b.processings.iter().position(|p| p.name == "Clients et carte de fidélité").expect("demo processing");
    for (format, bytes) in exports(&b) {
        let book = read_book(&bytes);
        let fiche = &book.iter().find(|(n, _)| n.starts_with(&format!("Fiche {} ", i + 1))).expect("fiche").1;
        let text = all_text(fiche);
        assert_eq!(row_of(fiche, "Nom du traitement")[1], "Clients et carte de fidélité", "{format}");
        let main = row_of(fiche, "Finalité principale");
        assert_eq!(main[2], "Exécution d'un contrat ou de mesures précontractuelles", "{format}");
        assert_eq!(row_of(fiche, "Sous-finalité 2")[2], "Consentement de la personne", "{format}");
        assert!(text.contains("10 ans à compter de la clôture de l'exercice comptable"), "{format}");
        assert!(text.contains("Pendant l'adhésion ; suppression 3 ans après le dernier achat du client"), "{format}");
        assert!(text.contains("Code de commerce, art. L.123-22"), "{format}: source of the period");
        let transfer = row_of(fiche, "Transfert 1");
        assert_eq!(transfer[1], "Prestataire d'envoi de SMS de l'éditeur du logiciel de caisse");
        assert_eq!(transfer[2], "Royaume-Uni (GB)");
        assert_eq!(transfer[3], "Décision d'adéquation (art. 45)");
        // The six CNIL data rows are always there, in the CNIL order, even when empty.
        let labels: Vec<&str> = fiche.iter().filter_map(|r| r.first().map(String::as_str)).collect();
        let pos = |l: &str| labels.iter().position(|x| *x == l).unwrap_or_else(|| panic!("{format}: row {l}"));
        assert!(pos("État civil, identité, identification, images") < pos("Vie personnelle"));
        assert!(pos("Données de localisation") < pos("Numéro de sécurité sociale (NIR)"));
        assert!(pos("Numéro de sécurité sociale (NIR)") < pos("Vie professionnelle"), "ours after the CNIL's");
        assert!(labels.contains(&"Infractions, condamnations, mesures de sûreté (art. 10)"));
        assert!(labels.contains(&"Données de santé"));
    }
    // The commune acts as a processor: the Art. 30(2) sheet names the activity and client.
    let commune = demo().remove(1);
    for (format, bytes) in exports(&commune) {
        let book = read_book(&bytes);
        let text = all_text(sheet(&book, "Sous-traitance"));
        assert!(text.contains("Messagerie et fichiers partagés fournis au CCAS"), "{format}");
        assert!(text.contains("CCAS de Saint-Aubin-sur-Gard"), "{format}");
    }
}

#[test]
fn archived_processings_only_on_request() {
    let mut b = demo().remove(0);
    b.processings[0].archived = true;
    let name = b.processings[0].name.clone();
    let without = preview_spreadsheet(&register_xlsx(&b, &opts()).unwrap(), "r.xlsx").unwrap();
    assert!(!without.processings.iter().any(|p| p.name == name));
    assert_eq!(without.processings.len(), b.processings.len() - 1);
    let with = SheetOptions { include_archived: true };
    let all = preview_spreadsheet(&register_ods(&b, &with).unwrap(), "r.ods").unwrap();
    let back = all.processings.iter().find(|p| p.name == name).expect("archived one exported");
    assert!(back.archived);
    let csv = String::from_utf8(register_csv(&b, &opts()).unwrap()).unwrap();
    assert!(!csv.contains(&format!("\r\n{name};")));
}

/// What the spreadsheet keeps of a processing (the documented losses of the round trip):
/// - ids are new and the times of day are lost (the sheets hold dates);
/// - links to third parties and measures are ids of the dossier, not written;
/// - the main purpose comes first; data categories come in the CNIL row order, sensitive
///   data in the Art. 9 order (each group keeps its own order);
/// - « NIR utilisé » follows the NIR data row;
/// - a recipient without a name gets its precision as name;
/// - the country of an actor without an address is not written.
fn as_round_tripped(p: &Processing) -> Processing {
    const ORDER: [DataCategory; 9] = [
        DataCategory::Identity,
        DataCategory::PersonalLife,
        DataCategory::EconomicFinancial,
        DataCategory::ConnectionData,
        DataCategory::Location,
        DataCategory::Nir,
        DataCategory::ProfessionalLife,
        DataCategory::Internet,
        DataCategory::Other,
    ];
    let mut e = p.clone();
    let midnight = |t: chrono::DateTime<chrono::Utc>| t.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc();
    e.created_at = midnight(e.created_at);
    e.updated_at = midnight(e.updated_at);
    for r in &mut e.recipients {
        r.third_party = None;
        if r.label.trim().is_empty() {
            r.label = std::mem::take(&mut r.details);
        }
    }
    e.security.measures.clear();
    e.purposes.sort_by_key(|x| !x.is_main);
    e.data_categories.sort_by_key(|d| ORDER.iter().position(|c| *c == d.category));
    e.sensitive_data.sort_by_key(|d| SpecialCategory::ALL.iter().position(|c| *c == d.category));
    e.nir_used = e.data_categories.iter().any(|d| d.category == DataCategory::Nir);
    for j in &mut e.joint_controllers {
        if j.contact.address.is_empty() {
            j.contact.address.country = "FR".into();
        }
    }
    e
}

/// Compares two processings field by field, naming the first field that differs.
fn assert_same(got: &Processing, want: &Processing, ctx: &str) {
    macro_rules! same {
        ($($f:ident),+) => {$(
            assert_eq!(got.$f, want.$f, "{ctx} « {} »: field {}", want.name, stringify!($f));
        )+};
    }
    same!(
        name,
        reference,
        created_at,
        updated_at,
        role,
        joint_controllers,
        department,
        owner,
        software,
        paper,
        purposes,
        persons_concerned,
        data_categories,
        sensitive_data,
        criminal_data,
        nir_used,
        nir_justification,
        data_origins,
        data_origin_details,
        collection_means,
        collection_details,
        information_of_persons,
        rights_exercise,
        automated_decision,
        automated_decision_details,
        recipients,
        transfers,
        security,
        status,
        dpo_notes,
        next_review,
        archived,
        public_register,
        large_scale
    );
}

#[test]
fn round_trip_keeps_every_register_field() {
    let mut bundles = demo();
    bundles.push(library_bundle());
    for b in &bundles {
        for (format, bytes) in exports(b) {
            let preview = preview_spreadsheet(&bytes, &format!("registre.{format}")).expect("reads our own export");
            let ctx = format!("{} ({format})", b.organisation.legal_name);
            assert_eq!(preview.source, ImportSource::CnilLayout, "{ctx}");
            let unexpected: Vec<_> = preview.issues.iter().filter(|i| i.sheet != "Sous-traitance").collect();
            assert!(unexpected.is_empty(), "{ctx}: {unexpected:#?}");
            assert_eq!(
                preview.issues.iter().any(|i| i.sheet == "Sous-traitance"),
                !b.processor_activities.is_empty(),
                "{ctx}: the processor sheet is reported as not imported"
            );
            assert_eq!(preview.processings.len(), b.processings.len(), "{ctx}");
            for (got, orig) in preview.processings.iter().zip(&b.processings) {
                assert_ne!(got.id, orig.id, "new ids");
                assert_same(got, &as_round_tripped(orig), &ctx);
            }
        }
    }
}

#[test]
fn criteria_that_start_with_a_number_stay_criteria() {
    // « 13 mois au plus pour les cookies… » is a criterion in the library; the « Nature de
    // la durée » column keeps it one.
    let b = library_bundle();
    let criterion = b
        .processings
        .iter()
        .flat_map(|p| &p.data_categories)
        .filter_map(|d| d.retention.as_ref())
        .find(|r| matches!(r, Retention::Criterion { criterion, .. } if criterion.starts_with("13 mois")))
        .expect("library has such a criterion")
        .clone();
    let preview = preview_spreadsheet(&register_ods(&b, &opts()).unwrap(), "r.ods").unwrap();
    let found = preview.processings.iter().flat_map(|p| &p.data_categories).filter_map(|d| d.retention.as_ref());
    assert!(found.clone().any(|r| *r == criterion));
    assert!(found.clone().any(|r| matches!(r, Retention::Duration { amount: 10, unit: TimeUnit::Years, .. })));
}

// ---------------------------------------------------------------------------------------
// A copy of the CNIL model filled in by hand.

fn hand_filled_cnil() -> Vec<u8> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let put = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[&str]| {
        for (c, t) in cells.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(r, c as u16, *t).unwrap();
            }
        }
    };

    let ws = wb.add_worksheet();
    ws.set_name("Mode d'emploi").unwrap();
    put(ws, 0, &["Remplissez une fiche par traitement."]);

    let ws = wb.add_worksheet();
    ws.set_name("Liste des traitements").unwrap();
    put(ws, 0, &["REGISTRE DES ACTIVITES DE TRAITEMENT"]);
    put(ws, 2, &["", "Nom", "Prénom", "Adresse"]);
    put(ws, 3, &["Responsable de l'organisme", "Durand", "Paul", "3 place du marché"]);
    put(
        ws,
        7,
        &[
            "Nom du traitement",
            "N°/REF",
            "Date de création de la fiche",
            "Dernière mise à jour",
            "Finalité du traitement",
            "Données sensibles ? Oui/non",
        ],
    );
    put(ws, 8, &["Gestion de la paie", "RH-1"]);
    ws.write_date_with_format(8, 2, ExcelDateTime::from_ymd(2019, 5, 13).unwrap(), &date).unwrap();
    put(ws, 8, &["", "", "", "", "Payer les salariés", "oui"]);
    put(ws, 9, &[]);
    put(ws, 10, &["Vidéosurveillance", "", "13/05/2019", "", "Sécurité des locaux", "Non"]);
    put(ws, 11, &["Fichier des adhérents", "AD-2", "", "", "Gérer les adhésions", "Oui"]);

    let ws = wb.add_worksheet();
    ws.set_name("Gestion de la paie").unwrap();
    put(ws, 0, &["FICHE DE REGISTRE"]);
    put(ws, 2, &["Description"]);
    put(ws, 3, &["Nom du traitement", "Gestion de la paie"]);
    put(ws, 4, &["N° / REF", "RH-1"]);
    put(ws, 5, &["Date de création de la fiche", "13/05/2019"]);
    put(ws, 6, &["Dernière mise à jour", "32/13/2019"]);
    put(ws, 8, &["Acteurs", "Nom", "Adresse", "CP", "Ville", "Pays", "Tél", "mél"]);
    put(ws, 9, &["Responsable du traitement", "Boulangerie Durand", "3 place du marché", "30000", "Nîmes"]);
    put(
        ws,
        10,
        &[
            "Responsable(s) conjoint(s)",
            "Groupement RH",
            "2 rue Basse",
            "30000",
            "Nîmes",
            "France",
            "04 66 00 00 00",
            "rh@groupement",
        ],
    );
    put(ws, 12, &["Finalité(s) du traitement effectué"]);
    put(ws, 13, &["Finalité principale", "Calcul et versement des salaires", "Obligation légale"]);
    put(ws, 14, &["Sous-finalité 1", "Déclarations sociales (DSN)", "obligation legale"]);
    put(ws, 15, &["Sous-finalité 2", "Tickets restaurant", "parce que c'est comme ça"]);
    put(ws, 16, &["Sous-finalité 3"]);
    put(ws, 18, &["Catégories de données personnelles", "Description", "Durée de conservation"]);
    put(ws, 19, &["État civil/identité/images", "Nom, prénom, adresse", "5 ans"]);
    put(ws, 20, &["Vie personnelle", "Situation familiale", "cinq ans à compter du départ du salarié"]);
    put(ws, 21, &["Économique et financier", "RIB, salaire", "5 ou 6 années"]);
    put(ws, 22, &["Connexion"]);
    put(ws, 23, &["Localisation", "Non"]);
    put(ws, 24, &["NIR", "Oui", "durée de l'emploi"]);
    put(ws, 25, &["Données de santé mentale", "arrêts maladie", "1 an"]);
    put(ws, 27, &["Données sensibles", "Description", "Durée de conservation"]);
    put(ws, 28, &["Origine raciale ou ethnique", "Non"]);
    put(ws, 29, &["Données de santé", "Oui", "5 ans"]);
    put(ws, 30, &["Infractions"]);
    put(ws, 32, &["Catégories de personnes concernées", "Type", "Précisions"]);
    put(ws, 33, &["", "Salariés", "tous les salariés"]);
    put(ws, 34, &["", "Stagiaires"]);
    put(ws, 36, &["Destinataires", "Type de destinataire", "Précisions"]);
    put(ws, 37, &["", "Service interne", "Comptabilité"]);
    put(ws, 38, &["", "Sous-traitants", "Cabinet d'expertise comptable", "", "note oubliée"]);
    put(ws, 39, &["", "Organismes sociaux", "URSSAF"]);
    put(ws, 41, &["Mesures de sécurité", "Type", "Précisions"]);
    put(ws, 42, &["", "Contrôle d'accès des utilisateurs", "mot de passe individuel"]);
    put(ws, 43, &["", "Sauvegarde"]);
    put(ws, 45, &["Transferts hors UE", "Destinataire", "Pays", "Type de garanties", "Liens vers la documentation"]);
    put(ws, 46, &["", "Banque privée", "Andorre", "Pays adéquat", "contrat, annexe 2"]);
    put(ws, 47, &["", "Hébergeur", "États-Unis", "Privacy shield"]);

    let ws = wb.add_worksheet();
    ws.set_name("Exemple").unwrap();
    put(ws, 0, &["Finalité principale", "Gestion de la paie (exemple CNIL)"]);

    let ws = wb.add_worksheet();
    ws.set_name("Modèle de fiche de registre").unwrap();
    put(ws, 0, &["Description"]);
    put(ws, 1, &["Nom du traitement"]);
    put(ws, 2, &["Finalité principale"]);

    wb.save_to_buffer().unwrap()
}

fn issue_at<'a>(p: &'a ImportPreview, sheet: &str, cell: &str) -> &'a greffier::documents::sheets::CellIssue {
    p.issues
        .iter()
        .find(|i| i.sheet == sheet && i.cell == cell)
        .unwrap_or_else(|| panic!("no issue at {sheet}!{cell}: {:#?}", p.issues))
}

#[test]
fn hand_filled_cnil_model_imports_with_issues() {
    let p = preview_spreadsheet(&hand_filled_cnil(), "registre CNIL.xlsx").expect("reads the hand-filled model");
    assert_eq!(p.source, ImportSource::CnilLayout);
    assert_eq!(
        p.sheet_names,
        ["Mode d'emploi", "Liste des traitements", "Gestion de la paie", "Exemple", "Modèle de fiche de registre"]
    );
    let names: Vec<&str> = p.processings.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        ["Gestion de la paie", "Vidéosurveillance", "Fichier des adhérents"],
        "list order, blank model skipped"
    );

    let paie = &p.processings[0];
    assert_eq!(paie.reference, "RH-1");
    assert_eq!(paie.created_at.date_naive().to_string(), "2019-05-13");
    issue_at(&p, "Gestion de la paie", "B7"); // 32/13/2019
    assert_eq!(paie.joint_controllers.len(), 1);
    let j = &paie.joint_controllers[0];
    assert_eq!(
        (j.name.as_str(), j.contact.address.postcode.as_str(), j.contact.address.country.as_str()),
        ("Groupement RH", "30000", "FR")
    );
    assert_eq!(j.contact.phone.as_deref(), Some("04 66 00 00 00"));
    assert_eq!(j.contact.email, None, "invalid e-mail not stored as an e-mail");
    assert!(j.arrangement.contains("rh@groupement"), "but kept: {}", j.arrangement);
    issue_at(&p, "Gestion de la paie", "H11");

    let purposes: Vec<(&str, bool, LegalBasis)> =
        paie.purposes.iter().map(|x| (x.description.as_str(), x.is_main, x.legal_basis)).collect();
    assert_eq!(
        purposes,
        [
            ("Calcul et versement des salaires", true, LegalBasis::LegalObligation),
            ("Déclarations sociales (DSN)", false, LegalBasis::LegalObligation),
            ("Tickets restaurant", false, LegalBasis::ToDetermine),
        ]
    );
    assert!(paie.purposes[2].justification.contains("parce que c'est comme ça"));
    issue_at(&p, "Gestion de la paie", "C16");

    let cats: Vec<(DataCategory, &str, Option<String>)> = paie
        .data_categories
        .iter()
        .map(|d| (d.category, d.description.as_str(), d.retention.as_ref().map(Retention::to_french)))
        .collect();
    assert_eq!(
        cats,
        [
            (DataCategory::Identity, "Nom, prénom, adresse", Some("5 ans".into())),
            (DataCategory::PersonalLife, "Situation familiale", Some("5 ans à compter du départ du salarié".into())),
            (DataCategory::EconomicFinancial, "RIB, salaire", Some("5 ou 6 années".into())),
            (DataCategory::Nir, "", Some("durée de l'emploi".into())),
            (DataCategory::Other, "Données de santé mentale : arrêts maladie", Some("1 an".into())),
        ]
    );
    assert!(matches!(paie.data_categories[2].retention, Some(Retention::Criterion { .. })));
    issue_at(&p, "Gestion de la paie", "C22"); // « 5 ou 6 années »
    issue_at(&p, "Gestion de la paie", "A26"); // unknown category
    assert!(paie.nir_used);
    assert_eq!(paie.sensitive_data.len(), 1);
    assert_eq!(paie.sensitive_data[0].category, SpecialCategory::Health);
    assert!(paie.criminal_data.is_none());

    let persons: Vec<(DataSubjectCategory, &str)> =
        paie.persons_concerned.iter().map(|x| (x.category, x.details.as_str())).collect();
    assert_eq!(
        persons,
        [(DataSubjectCategory::Employees, "tous les salariés"), (DataSubjectCategory::Other, "Stagiaires")]
    );
    issue_at(&p, "Gestion de la paie", "B35");

    let recipients: Vec<(RecipientKind, &str)> = paie.recipients.iter().map(|x| (x.kind, x.label.as_str())).collect();
    assert_eq!(
        recipients,
        [
            (RecipientKind::InternalService, "Comptabilité"),
            (RecipientKind::Processor, "Cabinet d'expertise comptable"),
            (RecipientKind::Other, "Organismes sociaux – URSSAF"),
        ]
    );
    issue_at(&p, "Gestion de la paie", "B40");
    issue_at(&p, "Gestion de la paie", "E39"); // a note outside the columns

    assert_eq!(paie.security.categories, [SecurityCategory::AccessControl, SecurityCategory::Backup]);
    assert!(paie.security.description.contains("mot de passe individuel"));

    assert_eq!(paie.transfers.len(), 2);
    assert_eq!(paie.transfers[0].country, "AD");
    assert_eq!(paie.transfers[0].safeguard, Some(Safeguard::AdequacyDecision));
    assert_eq!(paie.transfers[0].documentation, "contrat, annexe 2");
    assert_eq!(paie.transfers[1].country, "US");
    assert_eq!(paie.transfers[1].safeguard, None);
    assert!(paie.transfers[1].documentation.contains("Privacy shield"));
    assert!(issue_at(&p, "Gestion de la paie", "D48").message_fr.contains("Schrems II"));

    // List-only processings, and the remarks on the sheets that are not read.
    let video = &p.processings[1];
    assert_eq!(video.main_purpose().map(|x| x.description.as_str()), Some("Sécurité des locaux"));
    assert_eq!(video.created_at.date_naive().to_string(), "2019-05-13");
    issue_at(&p, "Liste des traitements", "F12"); // « Oui » with no sheet
    issue_at(&p, "Mode d'emploi", "A1");
    issue_at(&p, "Exemple", "A1");
    assert!(!p.issues.iter().any(|i| i.sheet == "Modèle de fiche de registre"), "a blank model is not a problem");
    for i in &p.issues {
        assert!(!i.message_fr.is_empty() && !i.message_en.is_empty(), "{i:?}");
    }
}

// ---------------------------------------------------------------------------------------
// Mapped imports.

#[test]
fn mapped_csv_with_other_headers() {
    let csv = "Activité,Objectif,Fondement juridique,Qui est concerné ?,Données,Conservation,Destinataires,Pays hors UE,Service,Remarque\n\
               Recrutement,Choisir les candidats,Mesures précontractuelles,Candidats,\"Identité : nom, CV | Vie professionnelle : diplômes\",2 ans après le dernier contact,Sous-traitant : cabinet de recrutement,,RH,\n\
               ,,,,,,,,,\n\
               Newsletter,Informer les clients,consentement,Clients | Bénévoles,Identité : courriel,3 ans,,\"Mailchimp – États-Unis – Décision d'adéquation (art. 45)\",Communication,liste à nettoyer\n\
               ,Sans nom mais rempli,,,,,,,,\n";
    let p = preview_spreadsheet(csv.as_bytes(), "export-ancien-outil.csv").expect("csv reads");
    assert_eq!(p.source, ImportSource::Mapped);
    assert_eq!(p.sheet_names, ["export-ancien-outil"]);
    assert_eq!(p.columns[0], "Activité");
    let mapping = p.mapping.clone().expect("a suggested mapping");
    assert_eq!(mapping.header_row, 0);
    assert_eq!(
        mapping.columns,
        [
            (0, Field::Name),
            (1, Field::MainPurpose),
            (2, Field::LegalBasis),
            (3, Field::Persons),
            (4, Field::DataCategories),
            (5, Field::Retention),
            (6, Field::Recipients),
            (7, Field::Transfers),
            (8, Field::Department),
            (9, Field::Notes),
        ]
    );
    assert_eq!(p.processings.len(), 3, "the blank row is skipped");
    let rec = &p.processings[0];
    assert_eq!(rec.name, "Recrutement");
    assert_eq!(rec.purposes[0].legal_basis, LegalBasis::Contract);
    assert_eq!(rec.persons_concerned[0].category, DataSubjectCategory::Candidates);
    assert_eq!(rec.data_categories.len(), 2);
    assert_eq!(rec.data_categories[1].category, DataCategory::ProfessionalLife);
    assert_eq!(rec.data_categories[1].description, "diplômes");
    for d in &rec.data_categories {
        assert_eq!(
            d.retention,
            Some(Retention::Duration {
                amount: 2,
                unit: TimeUnit::Years,
                starting_point: "après le dernier contact".into(),
                legal_source: String::new()
            })
        );
    }
    assert_eq!(rec.recipients[0].kind, RecipientKind::Processor);
    assert_eq!(rec.department, "RH");
    let news = &p.processings[1];
    assert_eq!(news.purposes[0].legal_basis, LegalBasis::Consent);
    assert_eq!(news.persons_concerned[1].category, DataSubjectCategory::Other);
    assert_eq!(news.persons_concerned[1].details, "Bénévoles");
    assert_eq!(news.transfers[0].recipient, "Mailchimp");
    assert_eq!(news.transfers[0].country, "US");
    assert_eq!(news.transfers[0].safeguard, Some(Safeguard::AdequacyDecision));
    assert_eq!(news.dpo_notes, "liste à nettoyer");
    assert_eq!(p.processings[2].name, "Traitement sans nom (ligne 5)");
    assert!(p.issues.iter().any(|i| i.cell == "D4" && i.value.contains("Bénévoles")), "{:#?}", p.issues);
    assert!(p.issues.iter().any(|i| i.cell == "A5"), "{:#?}", p.issues);

    // The user changes the mapping: the remark column becomes the owner.
    let mut m = mapping;
    m.columns.retain(|(c, _)| *c != 9);
    m.columns.push((9, Field::Owner));
    let again = preview_mapped(csv.as_bytes(), "export-ancien-outil.csv", &m).unwrap();
    assert_eq!(again.processings[1].owner, "liste à nettoyer");
    assert_eq!(again.processings[1].dpo_notes, "");
    assert_eq!(again.mapping.as_ref(), Some(&m));
    assert_eq!(suggest_mapping(csv.as_bytes(), "x.csv").unwrap().columns.len(), 10);
}

#[test]
fn mapped_xlsx_with_a_title_row_and_bad_mappings() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Registre 2024").unwrap();
    ws.write_string(0, 0, "Mon registre RGPD (mis à jour en mars)").unwrap();
    let headers =
        ["Intitulé", "Finalité", "Base légale", "Personnes concernées", "Durée", "Revue prévue le", "Logiciel"];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(2, c as u16, *h).unwrap();
    }
    let rows = [
        [
            "Paie",
            "Payer les salariés",
            "Obligation légale",
            "Salariés",
            "5 ans à compter du versement",
            "",
            "Logiciel paie ; tableur",
        ],
        ["Vidéo", "Protéger le magasin", "intérêt légitime", "Clients ; Salariés", "30 jours", "bientôt", ""],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, t) in row.iter().enumerate() {
            if !t.is_empty() {
                ws.write_string(3 + r as u32, c as u16, *t).unwrap();
            }
        }
    }
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_date_with_format(3, 5, ExcelDateTime::from_ymd(2026, 3, 1).unwrap(), &date).unwrap();
    let bytes = wb.save_to_buffer().unwrap();

    let p = preview_spreadsheet(&bytes, "registre.xlsx").unwrap();
    assert_eq!(p.source, ImportSource::Mapped);
    let m = p.mapping.clone().unwrap();
    assert_eq!(m.sheet.as_deref(), Some("Registre 2024"));
    assert_eq!(m.header_row, 2, "the title row above is skipped");
    assert!(m.columns.contains(&(5, Field::NextReview)) && m.columns.contains(&(6, Field::Software)), "{m:?}");
    assert_eq!(p.processings.len(), 2);
    let paie = &p.processings[0];
    assert_eq!(paie.next_review, chrono::NaiveDate::from_ymd_opt(2026, 3, 1));
    assert_eq!(paie.software, ["Logiciel paie", "tableur"]);
    assert_eq!(paie.data_categories[0].category, DataCategory::Other, "a period with no category is kept");
    let video = &p.processings[1];
    assert_eq!(video.purposes[0].legal_basis, LegalBasis::LegitimateInterests);
    assert_eq!(video.persons_concerned.len(), 2);
    assert_eq!(video.next_review, None);
    assert!(video.dpo_notes.contains("bientôt"), "unreadable date kept as a note");
    assert!(p.issues.iter().any(|i| i.cell == "F5" && i.value == "bientôt"));

    let bad = |m: ColumnMapping| preview_mapped(&bytes, "registre.xlsx", &m).unwrap_err();
    let e = bad(ColumnMapping { sheet: Some("Feuil9".into()), header_row: 2, columns: vec![(0, Field::Name)] });
    assert!(matches!(e, ImportError::SheetNotFound(_)), "{e}");
    let e = bad(ColumnMapping { sheet: None, header_row: 50, columns: vec![(0, Field::Name)] });
    assert_eq!(e.code(), "sheet_bad_mapping");
    let e = bad(ColumnMapping { sheet: None, header_row: 2, columns: vec![(1, Field::MainPurpose)] });
    assert!(e.message_fr().contains("nom du traitement"), "{e}");
    let e = bad(ColumnMapping { sheet: None, header_row: 2, columns: vec![(0, Field::Name), (0, Field::Notes)] });
    assert_eq!(e.code(), "sheet_bad_mapping");
}

#[test]
fn our_csv_imports_through_the_suggested_mapping() {
    let b = demo().remove(0);
    let bytes = register_csv(&b, &opts()).unwrap();
    let p = preview_spreadsheet(&bytes, "registre.csv").unwrap();
    assert_eq!(p.source, ImportSource::Mapped);
    assert_eq!(p.processings.len(), b.processings.len());
    for (got, orig) in p.processings.iter().zip(&b.processings) {
        assert_eq!(got.name, orig.name);
        assert_eq!(got.reference, orig.reference);
        assert_eq!(got.purposes.len(), orig.purposes.len(), "{}", orig.name);
        let bases = |x: &Processing| {
            let mut v: Vec<LegalBasis> = x.purposes.iter().map(|p| p.legal_basis).collect();
            v.sort_by_key(|b| format!("{b:?}"));
            v
        };
        assert_eq!(bases(got), bases(orig), "{}", orig.name);
        assert_eq!(got.data_categories.len(), orig.data_categories.len(), "{}", orig.name);
        assert_eq!(got.transfers.len(), orig.transfers.len(), "{}", orig.name);
    }
}

// ---------------------------------------------------------------------------------------
// The CSV export.

#[test]
fn csv_export_reads_back_with_the_csv_crate() {
    let b = demo().remove(0);
    let bytes = register_csv(&b, &opts()).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "BOM for spreadsheet programs");
    let mut rdr = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(str::to_string).collect();
    let want: Vec<&str> = CSV_COLUMNS.iter().map(|(h, _)| *h).collect();
    assert_eq!(headers, want);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), b.processings.len());
    let col = |name: &str| want.iter().position(|h| *h == name).unwrap();
    let row = rows.iter().find(|r| &r[0] == "Clients et carte de fidélité").expect("row");
    assert_eq!(&row[col("N° / RÉF")], "BM-03");
    assert_eq!(&row[col("Date de création de la fiche")], "23/01/2025");
    assert_eq!(
        &row[col("Bases légales")],
        "Exécution d'un contrat ou de mesures précontractuelles | Exécution d'un contrat ou de mesures précontractuelles | Consentement de la personne"
    );
    assert_eq!(&row[col("Données sensibles (Oui / Non)")], "Non");
    assert_eq!(
        &row[col("Transferts hors UE")],
        "Prestataire d'envoi de SMS de l'éditeur du logiciel de caisse – Royaume-Uni (GB) – Décision d'adéquation (art. 45)"
    );
    let cats = row[col("Catégories de données")].split(" | ").count();
    let rets = row[col("Durées de conservation")].split(" | ").count();
    assert_eq!(cats, rets, "one retention per category");
    let paie = rows.iter().find(|r| &r[0] == "Gestion de la paie").expect("paie");
    assert_eq!(&paie[col("Données sensibles (Oui / Non)")], "Oui");
    // Every column is documented.
    for (h, meaning) in CSV_COLUMNS {
        assert!(CSV_DOC.contains(&format!("`{h}`")), "docs/register-csv.md lacks {h}");
        assert!(!meaning.is_empty());
    }
}

// ---------------------------------------------------------------------------------------
// Bad files.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A minimal zip archive with stored entries (flag 1 = « encrypted »).
fn zip(entries: &[(&str, &[u8])], flags: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = out.len() as u32;
        let crc = crc32(data);
        let header = |sig: u32, central_entry: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central_entry {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(flags.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // stored
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central_entry {
                h.extend([0u8; 8]); // comment, disk, attributes
                h.extend(0u32.to_le_bytes()[..2].iter());
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        let local = header(0x0403_4b50, false);
        let c = header(0x0201_4b50, true);
        out.extend(local);
        out.extend(*data);
        central.extend(c);
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn err(bytes: &[u8], name: &str) -> ImportError {
    match preview_spreadsheet(bytes, name) {
        Ok(p) => panic!("{name} was accepted: {} processings", p.processings.len()),
        Err(e) => {
            assert!(!e.message_fr().is_empty() && !e.message_en().is_empty());
            e
        }
    }
}

fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut s = seed | 1;
    (0..len)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s >> 24) as u8
        })
        .collect()
}

#[test]
fn garbage_gives_clean_errors() {
    assert_eq!(err(&random_bytes(7, 4096), "data.xlsx").code(), "sheet_not_spreadsheet");
    let png = [&b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"[..], &random_bytes(3, 200)].concat();
    let e = err(&png, "registre.ods");
    assert_eq!(e.code(), "sheet_not_spreadsheet");
    assert!(e.message_fr().contains("image PNG"), "{e}");
    assert_eq!(err(b"", "vide.csv").code(), "sheet_empty");
    assert_eq!(err(b" \r\n;;\r\n", "vide.csv").code(), "sheet_empty");

    let b = demo().remove(0);
    for (format, bytes) in exports(&b) {
        let e = err(&bytes[..bytes.len() / 2], &format!("coupé.{format}"));
        assert_eq!(e.code(), "sheet_corrupted", "{format}: {e}");
    }
    let docx = zip(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")], 0);
    let e = err(&docx, "registre.xlsx");
    assert!(e.message_fr().contains("Word"), "{e}");
    let odt = zip(&[("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")], 0);
    assert!(err(&odt, "r.ods").message_fr().contains(".odt"));
    let locked = zip(&[("[Content_Types].xml", b"x"), ("xl/workbook.xml", b"x")], 1);
    assert_eq!(err(&locked, "r.xlsx").code(), "sheet_encrypted");
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.extend(vec![0u8; 500]);
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert_eq!(err(&cfb, "protégé.xlsx").code(), "sheet_encrypted");
    let not_xls = [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &random_bytes(9, 2048)].concat();
    assert_eq!(err(&not_xls, "vieux.xls").code(), "sheet_not_spreadsheet");
    assert_eq!(err(b"1;2;3\n4;5;6\n", "chiffres.csv").code(), "sheet_no_header");
    assert_eq!(err(b"Nom;Finalit\x81\nPaie;x\n", "bizarre.csv").code(), "sheet_not_utf8");
}

#[test]
fn latin1_and_utf16_csv_are_read() {
    // What Excel writes for « CSV (séparateur : point-virgule) » on a French Windows.
    let latin1: Vec<u8> = "Nom du traitement;Finalité\r\nPaie;Calculer les salaires des employés\r\n"
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let p = preview_spreadsheet(&latin1, "registre.csv").unwrap();
    assert_eq!(p.processings[0].purposes[0].description, "Calculer les salaires des employés");
    assert!(p.issues.iter().any(|i| i.message_fr.contains("Windows-1252")), "{:#?}", p.issues);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Nom\tFinalité\nPaie\tSalaires\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let p = preview_spreadsheet(&utf16, "registre.txt").unwrap();
    assert_eq!(p.processings[0].name, "Paie");
    assert_eq!(p.processings[0].purposes[0].description, "Salaires");
}

#[test]
fn big_files_are_refused_quickly() {
    let start = std::time::Instant::now();
    let mut csv = String::from("Nom du traitement;Finalité\n");
    while csv.len() < 15 * 1024 * 1024 {
        csv.push_str("Traitement;Une finalité assez longue pour remplir le fichier rapidement\n");
    }
    let e = err(csv.as_bytes(), "énorme.csv");
    assert_eq!(e.code(), "sheet_too_many_rows", "{e}");
    let big = vec![b'a'; 21 * 1024 * 1024];
    let e = err(&big, "gros.csv");
    assert_eq!(e.code(), "sheet_too_big");
    assert!(e.message_fr().contains("21 Mo"), "{e}");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "Nom du traitement").unwrap();
    for r in 1..=10_001u32 {
        ws.write_string(r, 0, "x").unwrap();
    }
    assert_eq!(err(&wb.save_to_buffer().unwrap(), "long.xlsx").code(), "sheet_too_many_rows");
    assert!(start.elapsed().as_secs() < 30, "refusals must stay cheap: {:?}", start.elapsed());
}

const HEADERS: &str = "Nom;Finalité;Sous-finalités;Base légale;Durée;Transferts;Personnes;Catégories de données;\
                       Destinataires;Mesures de sécurité;Prochaine revue;Logiciels";

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn import_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2048), zip_magic in any::<bool>()) {
        let bytes = if zip_magic { [&b"PK\x03\x04"[..], &bytes].concat() } else { bytes };
        let _ = preview_spreadsheet(&bytes, "x.xlsx");
    }

    #[test]
    fn csv_import_never_panics(text in "[a-zA-Zé0-9;,\"\\n |:-]{0,400}", other in "\\PC{0,300}") {
        let _ = preview_spreadsheet(text.as_bytes(), "x.csv");
        let _ = preview_spreadsheet(format!("{HEADERS}\n{other}").as_bytes(), "x.csv");
    }
}

/// LibreOffice (a test package) opens both exports: each converts to a PDF that holds the
/// processings' names.
#[test]
fn libreoffice_opens_the_exports() {
    if support::office::soffice().is_none() {
        return;
    }
    let b = demo().remove(0);
    for (format, bytes) in exports(&b) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("registre.{format}"));
        std::fs::write(&path, bytes).unwrap();
        let text = support::pdf::collapse(&support::office::text_of(&path));
        for p in &b.processings {
            let first_word = p.name.split_whitespace().next().unwrap();
            assert!(text.contains(first_word), "{format}: « {} » not found in LibreOffice's rendering", p.name);
        }
    }
}
