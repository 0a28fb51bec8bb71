//! The AIPD report (PDF), read back with poppler's tools (pdfinfo, pdftotext, pdftoppm from
//! `poppler-utils`): every section, the texts typed by the user, French typography, the
//! risk map's axes, labels and layout (no label on another, rows and columns in the right
//! order), the points table, the prior consultation flag, pagination, page numbers.
//!
//! To look at the output: `GREFFIER_PDF_OUT=/some/dir cargo test --test aipd_pdf`. The
//! page with the map is always rendered to `target/aipd-map.png`.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use greffier::aipd::assets::assets;
use greffier::documents::aipd_pdf::{aipd_export, aipd_pdf, screening_pdf, AipdFormat, AipdPdfError};
use greffier::model::{
    ActionStatus, Aipd, AipdCriterion, AipdMeasure, AipdScreening, AipdStatus, Art35Case, ContextAnswer, ContextKey,
    CorrectiveAction, CriterionAnswer, Estimate, Evaluation, Level, MeasureFamily, MeasurePhase, Opinion, Organisation,
    OrganisationBundle, PartRef, PrincipleAnswer, PrincipleKey, Processing, Rating, Refusal, Risk, ScreeningConclusion,
    Validation,
};
use uuid::Uuid;

mod support;
use support::pdf::{self, collapse, run, words, Word};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn est(s: Level, l: Level, js: &str, jl: &str) -> Estimate {
    Estimate {
        severity: Some(s),
        severity_justification: js.to_string(),
        likelihood: Some(l),
        likelihood_justification: jl.to_string(),
    }
}

fn eval(rating: Rating, comment: &str) -> Option<Evaluation> {
    Some(Evaluation {
        rating,
        comment: comment.to_string(),
        evaluator: "Paul Roux".to_string(),
        evaluated_on: Some(day(2026, 10, 2)),
    })
}

/// A commune's video-protection processing, screened and assessed, validated by the mayor.
fn commune() -> (OrganisationBundle, Uuid) {
    let mut b = OrganisationBundle::new(Organisation::new("Commune de Saint-Aubin-sur-Gard"));
    let mut p = Processing::new("Vidéoprotection de la voie publique");
    p.reference = "CO-07".into();
    let pid = p.id;
    b.processings.push(p);

    let mut s = AipdScreening::new(pid);
    s.required_type = Some(assets().screening.required[0].id.clone());
    s.art35_cases.push(Art35Case::PublicAreaMonitoring);
    s.criteria = vec![
        CriterionAnswer {
            criterion: AipdCriterion::SystematicMonitoring,
            met: true,
            comment: "Caméras filmant en continu la place de l'Église".into(),
        },
        CriterionAnswer { criterion: AipdCriterion::LargeScale, met: true, comment: String::new() },
        CriterionAnswer {
            criterion: AipdCriterion::Vulnerable,
            met: false,
            comment: "Pas de public particulièrement vulnérable visé".into(),
        },
    ];
    s.conclusion = Some(ScreeningConclusion::Required);
    s.justification = "Surveillance systématique d'un lieu public : l'AIPD s'impose.".into();
    s.decided_by = "Mme Hélène Durand, maire".into();
    s.decided_on = Some(day(2026, 9, 1));
    b.aipd_screenings.push(s);

    let mut a = Aipd::new("Vidéoprotection de la voie publique");
    a.processings.push(pid);
    a.author = "Léa Martin, secrétaire de mairie".into();
    a.evaluator = "Paul Roux (DPO mutualisé)".into();
    a.validator = "Hélène Durand, maire".into();
    a.context.answers = vec![
        ContextAnswer {
            key: ContextKey::Overview,
            text: "Six caméras filment la place de l'Église et le parking de la salle des fêtes, pour prévenir les \
                   dégradations."
                .into(),
        },
        ContextAnswer { key: ContextKey::Responsibilities, text: "La commune, représentée par la maire.".into() },
        ContextAnswer { key: ContextKey::Data, text: "Images des passants et plaques d'immatriculation.".into() },
    ];
    a.context.overview_evaluation = eval(Rating::Acceptable, "Présentation claire.");
    a.context.data_evaluation = eval(Rating::ToCorrect, "Préciser le cycle de vie des images.");
    a.principles = vec![
        PrincipleAnswer {
            key: PrincipleKey::Purposes,
            text: "Protéger les bâtiments publics et prévenir les atteintes aux biens.".into(),
            not_applicable: false,
            evaluation: eval(Rating::Acceptable, ""),
        },
        PrincipleAnswer {
            key: PrincipleKey::Consent,
            text: "Le fondement est la mission d'intérêt public.".into(),
            not_applicable: true,
            evaluation: eval(Rating::Acceptable, ""),
        },
    ];
    let mut m1 = AipdMeasure::new("Chiffrement des enregistrements");
    m1.family = Some(MeasureFamily::OnData);
    m1.phase = MeasurePhase::Existing;
    m1.description = "Les enregistrements sont chiffrés sur l'enregistreur, clé détenue par la mairie.".into();
    m1.evaluation = eval(Rating::Acceptable, "");
    let mut m2 = AipdMeasure::new("Effacement automatique après 15 jours");
    m2.family = Some(MeasureFamily::Organisational);
    let (m1_id, m2_id) = (m1.id, m2.id);
    a.measures = vec![m1, m2];

    // A: moved from the high zone to « Limitée » by the corrective action
    let a_risk = &mut a.risks[0];
    a_risk.impacts = vec![
        "Atteinte à la vie privée des passants".into(),
        "Exploitation des images à des fins de harcèlement".into(),
    ];
    a_risk.threats = vec!["Consultation des images par un agent non habilité".into()];
    a_risk.sources = vec!["Agent communal curieux".into()];
    a_risk.measures = vec![m1_id, m2_id];
    a_risk.initial = est(
        Level::Significant,
        Level::Significant,
        "Images identifiantes des habitants : une fuite serait durement ressentie.",
        "Le poste de visionnage est dans un bureau ouvert au public.",
    );
    a_risk.residual = est(
        Level::Limited,
        Level::Limited,
        "Floutage des fenêtres des habitations.",
        "Poste déplacé dans un local fermé à clé.",
    );
    let a_id = a_risk.id;
    a_risk.evaluation = eval(Rating::Improvable, "Déplacer le poste de visionnage.");
    // M: low, no residual
    a.risks[1].initial = est(Level::Limited, Level::Negligible, "Peu d'effet.", "Accès très restreint.");
    // D: with an inherent estimate, no residual
    a.risks[2].inherent =
        est(Level::Maximum, Level::Significant, "Sans sauvegarde, perte des preuves.", "Disque unique.");
    a.risks[2].initial = est(Level::Significant, Level::Limited, "Perte de preuves.", "Sauvegarde hebdomadaire.");
    a.risks[2].evaluation = eval(Rating::Acceptable, "");
    let mut custom = Risk::custom("Détournement de finalité");
    custom.initial = est(Level::Limited, Level::Limited, "Usage pour surveiller les agents.", "Charte signée.");
    custom.residual = est(Level::Limited, Level::Limited, "Inchangée.", "Inchangée.");
    a.risks.push(custom);

    let mut action =
        CorrectiveAction::new(PartRef::Risk { id: a_id }, "Déplacer le poste de visionnage dans un local fermé");
    action.owner = "Services techniques".into();
    action.due_date = Some(day(2026, 12, 15));
    action.status = ActionStatus::InProgress;
    a.actions.push(action);
    let mut late = CorrectiveAction::new(PartRef::General, "Former les agents habilités");
    late.due_date = Some(day(2026, 10, 1));
    a.actions.push(late);

    a.dpo.name = "Paul Roux".into();
    a.dpo.opinion = Some(Opinion::Favourable);
    a.dpo.text = "Dispositif proportionné une fois le poste déplacé.".into();
    a.dpo.given_on = Some(day(2026, 10, 5));
    a.data_subjects.sought = Some(false);
    a.data_subjects.not_sought_reason =
        "Affichage en mairie et réunion publique prévue après la mise en service.".into();
    a.refusals.push(Refusal {
        by: "Hélène Durand".into(),
        refused_on: day(2026, 10, 10),
        reason: "Le cycle de vie des images n'était pas décrit.".into(),
        changes: "Cycle de vie ajouté au contexte.".into(),
    });
    a.validation = Some(Validation {
        validator: "Hélène Durand".into(),
        role: "Maire".into(),
        validated_on: day(2026, 10, 20),
        context_accurate: true,
        risks_known: true,
        measures_approved: true,
        commitment: true,
        comment: "Réexaminer dans un an.".into(),
    });
    a.status = AipdStatus::Validated;
    let id = a.id;
    b.aipds.push(a);
    let problems = b.validate();
    assert!(problems.is_empty(), "the test bundle must be valid: {problems:?}");
    (b, id)
}

/// A produced report: its file, texts and page count.
struct Pdf {
    path: PathBuf,
    /// `pdftotext -layout`, whitespace collapsed.
    layout: String,
    /// `pdftotext -raw` (content-stream order: a table cell's lines stay together),
    /// whitespace collapsed.
    raw: String,
    pages: usize,
    _dir: tempfile::TempDir,
}

impl Pdf {
    #[track_caller]
    fn assert_has(&self, s: &str) {
        let s = collapse(s);
        assert!(self.raw.contains(&s) || self.layout.contains(&s), "« {s} » missing from {}", self.path.display());
    }

    #[track_caller]
    fn assert_lacks(&self, s: &str) {
        let s = collapse(s);
        assert!(
            !self.raw.contains(&s) && !self.layout.contains(&s),
            "« {s} » should not be in {}",
            self.path.display()
        );
    }

    /// The 1-based number of the first page whose text contains `s`.
    fn page_of(&self, s: &str) -> usize {
        let p = self.path.to_str().unwrap();
        (1..=self.pages)
            .find(|n| {
                let n = n.to_string();
                collapse(&run("pdftotext", &["-layout", "-f", &n, "-l", &n, p, "-"])).contains(s)
            })
            .unwrap_or_else(|| panic!("« {s} » on no page"))
    }
}

fn render(bundle: &OrganisationBundle, id: Uuid, name: &str) -> Pdf {
    read_back(&aipd_pdf(bundle, id, today()).expect("aipd_pdf"), name)
}

fn read_back(bytes: &[u8], name: &str) -> Pdf {
    let w = pdf::write(bytes, name);
    Pdf {
        layout: pdf::text(&w.path, "-layout"),
        raw: pdf::text(&w.path, "-raw"),
        path: w.path,
        pages: w.pages,
        _dir: w.dir,
    }
}

#[test]
fn full_report_of_a_validated_aipd() {
    let (b, id) = commune();
    let pdf = render(&b, id, "commune.pdf");

    // cover
    pdf.assert_has("Analyse d'impact relative à la protection des données (AIPD)");
    pdf.assert_has("« Vidéoprotection de la voie publique »");
    pdf.assert_has("Organisme Commune de Saint-Aubin-sur-Gard");
    pdf.assert_has("Traitements concernés CO-07 — Vidéoprotection de la voie publique");
    pdf.assert_has("Statut Validée");
    pdf.assert_has("Validée le 20/10/2026");
    pdf.assert_has("Rédacteur Léa Martin, secrétaire de mairie");
    pdf.assert_has("Évaluateur Paul Roux (DPO mutualisé)");
    pdf.assert_has("Rapport édité le 23/11/2026");
    // no residual risk is high: no prior consultation, said in words
    pdf.assert_lacks("Consultation préalable de la CNIL requise (art. 36)");
    pdf.assert_has("la consultation préalable de la CNIL (article 36) n'est pas requise");

    // every section, in order
    let mut last = 0;
    for title in [
        "1. Analyse préalable : une AIPD est-elle requise ?",
        "2. Contexte",
        "3. Principes fondamentaux",
        "4. Mesures existantes ou prévues",
        "5. Risques",
        "6. Cartographie des risques",
        "7. Plan d'action",
        "8. Avis",
        "9. Validation",
    ] {
        let at = pdf.raw.rfind(title).unwrap_or_else(|| panic!("« {title} » missing"));
        assert!(at > last, "« {title} » out of order");
        last = at;
    }

    // 1 screening: list type by title, Art. 35(3), the 9 criteria, conclusion
    let r01 = &assets().screening.required[0];
    pdf.assert_has(&format!("Type n° {} : {}", r01.number, r01.title_fr));
    pdf.assert_has("Surveillance systématique à grande échelle d'une zone accessible au public — art. 35(3)(c)");
    pdf.assert_has("3 Surveillance systématique des personnes Rempli Caméras filmant en continu la place de l'Église");
    pdf.assert_has("7 Personnes vulnérables Non rempli Pas de public particulièrement vulnérable visé");
    pdf.assert_has(
        "9 Traitement qui peut empêcher d'exercer un droit ou d'accéder à un service ou un contrat Non renseigné",
    );
    pdf.assert_has("Critères remplis 2 sur 9");
    pdf.assert_has("Conclusion retenue AIPD requise");
    pdf.assert_has("Surveillance systématique d'un lieu public : l'AIPD s'impose.");
    pdf.assert_has("Décidé par Mme Hélène Durand, maire");
    pdf.assert_has("Avis du délégué (DPO) Non renseigné");

    // 2 context: answers, unanswered questions, both evaluations with their words
    pdf.assert_has("Six caméras filment la place de l'Église et le parking de la salle des fêtes");
    pdf.assert_has("Référentiels applicables Non renseigné");
    pdf.assert_has("Évaluation Acceptable (par Paul Roux, le 02/10/2026) — Présentation claire.");
    pdf.assert_has("Évaluation À corriger (par Paul Roux, le 02/10/2026) — Préciser le cycle de vie des images.");

    // 3 principles: each with its evaluation; « Sans objet »; unanswered ones
    pdf.assert_has("Protéger les bâtiments publics et prévenir les atteintes aux biens.");
    pdf.assert_has("Sans objet — Le fondement est la mission d'intérêt public.");
    pdf.assert_has("Transferts hors de l'Union européenne Non renseigné Évaluation Non évaluée");

    // 4 measures: family, phase, origin, evaluation, the risks they address
    pdf.assert_has("Famille Mesure sur les données");
    pdf.assert_has("Situation Existante");
    pdf.assert_has("Origine Saisie libre");
    pdf.assert_has("Les enregistrements sont chiffrés sur l'enregistreur, clé détenue par la mairie.");
    pdf.assert_has("Risques traités A — Accès illégitime à des données");

    // 5 risks: impacts, threats, sources, measures by title, levels with justifications
    pdf.assert_has("A — Accès illégitime à des données");
    pdf.assert_has("R1 — Détournement de finalité");
    pdf.assert_has("Événement redouté Risque spécifique");
    pdf.assert_has("Atteinte à la vie privée des passants");
    pdf.assert_has("Consultation des images par un agent non habilité");
    pdf.assert_has("Agent communal curieux");
    pdf.assert_has("– Chiffrement des enregistrements – Effacement automatique après 15 jours");
    pdf.assert_has("Images identifiantes des habitants : une fuite serait durement ressentie.");
    pdf.assert_has("Le poste de visionnage est dans un bureau ouvert au public.");
    pdf.assert_has("Poste déplacé dans un local fermé à clé.");
    pdf.assert_has("Maximale (4 sur 4)");
    pdf.assert_has("Sans sauvegarde, perte des preuves.");
    pdf.assert_has("Non réestimé : l'estimation avec les mesures prévues s'applique");
    pdf.assert_has("Évaluation Améliorable (par Paul Roux, le 02/10/2026) — Déplacer le poste de visionnage.");

    // 6 map: axes, levels, labels, legend, rule, the points table
    for s in ["Gravité", "Vraisemblance", "Négligeable (1)", "Limitée (2)", "Importante (3)", "Maximale (4)"] {
        pdf.assert_has(s);
    }
    pdf.assert_has("Légende");
    pdf.assert_has("Zone hachurée : risque élevé. Un risque résiduel est considéré comme élevé");
    // the moved risk: initial and residual levels on its row
    pdf.assert_has("A Accès illégitime à des données — G : Importante V : Importante G : Limitée V : Limitée Non");
    pdf.assert_has("D Disparition de données G : Maximale V : Importante G : Importante V : Limitée — Non");
    pdf.assert_has("R1 Détournement de finalité — G : Limitée V : Limitée G : Limitée V : Limitée Non");

    // 7 action plan: action, part, owner, due date, status; overdue spelled out
    pdf.assert_has(
        "Déplacer le poste de visionnage dans un local fermé Risque « Accès illégitime à des données » Services \
         techniques 15/12/2026 En cours",
    );
    pdf.assert_has(
        "Former les agents habilités L'analyse dans son ensemble Non renseigné 01/10/2026 À faire EN RETARD",
    );
    pdf.assert_has("2 actions correctives, dont 1 en retard au 23/11/2026.");

    // 8 opinions
    pdf.assert_has("Avis Favorable : le traitement peut être mis en œuvre");
    pdf.assert_has("Dispositif proportionné une fois le poste déplacé.");
    pdf.assert_has("Avis recherché Non");
    pdf.assert_has("Affichage en mairie et réunion publique prévue après la mise en service.");

    // 9 validation: who, role, date, the four commitments ticked, refusal history
    pdf.assert_has("Validée par Hélène Durand");
    pdf.assert_has("Qualité Maire");
    pdf.assert_has("Date de validation 20/10/2026");
    pdf.assert_has("☑ Le contexte décrit est conforme à la réalité — oui");
    pdf.assert_has("☑ Le responsable s'engage à les mettre en œuvre — oui");
    pdf.assert_lacks("non coché");
    pdf.assert_has("Refusée le 10/10/2026 par Hélène Durand");
    pdf.assert_has("Le cycle de vie des images n'était pas décrit.");
    pdf.assert_lacks("Notes d'import");

    // pages numbered, footer
    assert!(pdf.pages >= 6, "{} pages", pdf.pages);
    pdf.assert_has(&format!("Page 1 / {}", pdf.pages));
    pdf.assert_has(&format!("Page {} / {}", pdf.pages, pdf.pages));
    pdf.assert_has("Commune de Saint-Aubin-sur-Gard — AIPD « Vidéoprotection de la voie publique », version 1");
}

/// The map as drawn: its page, the axis words, and the point labels inside the grid.
struct MapWords {
    page: usize,
    /// Row labels « Maximale » (top) and « Négligeable » (bottom), left of the grid.
    row_max: Word,
    row_neg: Word,
    /// Column labels « Négligeable » (left) and « Maximale » (right), under the grid.
    col_neg: Word,
    col_max: Word,
    gravite: Word,
    vraisemblance: Word,
    /// Every word between the axis title and the column labels, right of the row labels.
    labels: Vec<Word>,
}

fn map_words(pdf: &Pdf) -> MapWords {
    // the column labels are only on the map (the risks print « Limitée (2 sur 4) »)
    let page = pdf.page_of("Négligeable (1) Limitée (2) Importante (3) Maximale (4)");
    let all: Vec<Word> = words(&pdf.path).into_iter().filter(|w| w.page == page).collect();
    let bottom = all.iter().find(|w| w.text == "Vraisemblance").cloned().expect("axis title on the map page");
    // only the drawing: down to the axis title
    let drawing: Vec<&Word> = all.iter().filter(|w| w.y1 <= bottom.y1).collect();
    let pick = |t: &str, better: &dyn Fn(&Word, &Word) -> bool| -> Word {
        let ws: Vec<&&Word> = drawing.iter().filter(|w| w.text == t).collect();
        assert!(!ws.is_empty(), "« {t} » not on the map");
        ws.iter().fold((**ws[0]).clone(), |a, w| if better(w, &a) { (**w).clone() } else { a })
    };
    let row_max = pick("Maximale", &|w, a| w.x0 < a.x0);
    let row_neg = pick("Négligeable", &|w, a| w.x0 < a.x0);
    let col_neg = pick("Négligeable", &|w, a| w.y0 > a.y0);
    let col_max = pick("Maximale", &|w, a| w.y0 > a.y0);
    let gravite = pick("Gravité", &|w, a| w.y0 < a.y0);
    let vraisemblance = pick("Vraisemblance", &|w, a| w.y0 > a.y0);
    let labels = drawing
        .iter()
        .filter(|w| w.y0 >= gravite.y1 && w.y1 <= col_neg.y0 && w.x0 > row_max.x1 + 5.0)
        .map(|w| (*w).clone())
        .collect();
    MapWords { page, row_max, row_neg, col_neg, col_max, gravite, vraisemblance, labels }
}

#[track_caller]
fn assert_no_overlap(labels: &[Word]) {
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            let overlap = a.x0 < b.x1 - 0.2 && b.x0 < a.x1 - 0.2 && a.y0 < b.y1 - 0.2 && b.y0 < a.y1 - 0.2;
            assert!(!overlap, "« {} » and « {} » overlap: {a:?} {b:?}", a.text, b.text);
        }
    }
}

/// The map page: axes in the right order, every point label drawn once, no label on
/// another; rendered to `target/aipd-map.png` to be looked at.
#[test]
fn risk_map_layout_reads_without_overlap() {
    let (b, id) = commune();
    let pdf = render(&b, id, "carte.pdf");
    let m = map_words(&pdf);

    // severity is vertical, Maximale at the top; likelihood horizontal, Négligeable left
    assert!(m.row_max.y0 < m.row_neg.y0, "Maximale must be above Négligeable on the severity axis");
    assert!(m.gravite.y1 <= m.row_max.y0, "the axis title « Gravité » heads the vertical axis");
    assert!(m.col_neg.x0 < m.col_max.x0, "likelihood grows to the right");
    assert!((m.col_neg.y0 - m.col_max.y0).abs() < 1.0, "column labels on one line");
    assert!(m.vraisemblance.y0 > m.col_neg.y1, "« Vraisemblance » under the column labels");
    assert!(m.row_neg.y1 < m.col_neg.y0, "the bottom row is above the column labels");

    // every point label once: A, A' (moved), M, D₀ (inherent), D, R1, R1' (same cell)
    let mut texts: Vec<&str> = m.labels.iter().map(|w| w.text.as_str()).collect();
    texts.sort_unstable();
    assert_eq!(texts, ["A", "A'", "D", "D₀", "M", "R1", "R1'"], "labels drawn on the grid");
    assert_no_overlap(&m.labels);
    let at = |t: &str| m.labels.iter().find(|w| w.text == t).unwrap();
    // A (Importante × Importante) is up and right of A' (Limitée × Limitée)
    assert!(at("A").y0 < at("A'").y0 && at("A").x0 > at("A'").x0, "A → A' goes down and left");
    // D₀ (Maximale × Importante) above D (Importante × Limitée)
    assert!(at("D₀").y0 < at("D").y0 && at("D₀").x0 > at("D").x0);
    // M (Limitée × Négligeable) in the first column, on A''s row
    assert!(at("M").x0 < at("A'").x0 && (at("M").y0 - at("A'").y0).abs() < 1.0);
    // R1 and R1' share a cell: side by side, not on top of each other
    assert!((at("R1").y0 - at("R1'").y0).abs() < 1.0 && at("R1'").x0 > at("R1").x1);

    // the page as an image, to look at
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&out).unwrap();
    let n = m.page.to_string();
    let prefix = out.join("aipd-map");
    let p = pdf.path.to_str().unwrap();
    run("pdftoppm", &["-png", "-r", "60", "-f", &n, "-l", &n, "-singlefile", p, prefix.to_str().unwrap()]);
    let png = std::fs::read(out.join("aipd-map.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
}

#[test]
fn prior_consultation_flag_iff_a_residual_risk_stays_high() {
    let (mut b, id) = commune();
    b.aipds[0].status = AipdStatus::InProgress;
    b.aipds[0].validation = None;
    // A without its residual estimate: its initial one (Importante × Importante) counts
    b.aipds[0].risks[0].residual = Estimate::default();
    let pdf = render(&b, id, "drapeau.pdf");
    pdf.assert_has("Consultation préalable de la CNIL requise (art. 36)");
    pdf.assert_has(
        "Risques restés élevés : – A « Accès illégitime à des données » : gravité Importante, vraisemblance Importante",
    );
    pdf.assert_has("A Accès illégitime à des données — G : Importante V : Importante — Oui");
    pdf.assert_has("Niveau retenu Élevé");
    pdf.assert_has("Non validée");
    pdf.assert_has("Statut : « En cours ».");

    // a residual Maximale severity is high whatever its likelihood
    b.aipds[0].risks[0].residual = est(Level::Maximum, Level::Negligible, "x", "y");
    let pdf = render(&b, id, "drapeau2.pdf");
    pdf.assert_has("Consultation préalable de la CNIL requise (art. 36)");

    // lowered below the rule: the flag goes
    b.aipds[0].risks[0].residual = est(Level::Significant, Level::Limited, "x", "y");
    let pdf = render(&b, id, "sans-drapeau.pdf");
    pdf.assert_lacks("Consultation préalable de la CNIL requise (art. 36)");
    pdf.assert_lacks("Niveau retenu Élevé");
}

#[test]
fn an_empty_analysis_prints_not_set_rather_than_blanks() {
    let mut b = OrganisationBundle::new(Organisation::new("Boulangerie Martin"));
    let p = Processing::new("Vidéosurveillance du magasin");
    let mut a = Aipd::new("Vidéosurveillance");
    a.processings.push(p.id);
    b.processings.push(p);
    let id = a.id;
    b.aipds.push(a);
    let pdf = render(&b, id, "vide.pdf");
    pdf.assert_has("Pas d'analyse préalable enregistrée pour ce traitement.");
    pdf.assert_has("Présentation du traitement Non renseigné");
    pdf.assert_has("Rédacteur Non renseigné");
    pdf.assert_has("Aucune mesure n'est inscrite dans l'analyse.");
    pdf.assert_has("Avec les mesures existantes ou prévues Non renseigné Non renseigné");
    pdf.assert_has("Aucun risque n'est encore estimé : la cartographie est vide.");
    pdf.assert_has("3 risques ne sont pas encore estimés");
    pdf.assert_has("Pas encore placés (gravité ou vraisemblance non estimée) : « Accès illégitime à des données »");
    pdf.assert_has("Aucune action corrective n'est prévue.");
    pdf.assert_has("Avis recherché Non renseigné");
    pdf.assert_has("Nom Non renseigné Avis Non renseigné Avis motivé Non renseigné");
    pdf.assert_has("Non validée");
    // the map is drawn even empty: its axes are there
    pdf.assert_has("Vraisemblance");
    pdf.assert_has("Maximale (4)");
}

#[test]
fn forty_risks_paginate_and_all_reach_the_map_and_table() {
    let (mut b, id) = commune();
    let a = &mut b.aipds[0];
    a.status = AipdStatus::InProgress;
    a.validation = None;
    for i in 0..40u8 {
        let mut r = Risk::custom(format!("Risque spécifique numéro {i} avec une justification détaillée"));
        // most of them in the same cell, the rest spread
        let (s, l) = if i < 25 {
            (Level::Limited, Level::Limited)
        } else {
            (Level::ALL[usize::from(i % 4)], Level::ALL[usize::from(i / 4 % 4)])
        };
        r.initial = est(
            s,
            l,
            &"Justification de la gravité, assez longue pour tenir plusieurs lignes. ".repeat(3),
            "Vraisemblance.",
        );
        if i % 3 == 0 {
            r.residual = est(Level::Negligible, Level::Negligible, "Après action.", "Après action.");
        }
        a.risks.push(r);
    }
    assert!(b.validate().is_empty());
    let pdf = render(&b, id, "quarante.pdf");
    assert!(pdf.pages >= 20, "{} pages", pdf.pages);
    pdf.assert_has(&format!("Page {} / {}", pdf.pages, pdf.pages));
    pdf.assert_has("R41 — Risque spécifique numéro 39 avec une justification détaillée");
    pdf.assert_has("R41 Risque spécifique numéro 39 avec une justification détaillée");
    // every label is drawn on the map, none lost for lack of room, none overlapping
    pdf.assert_lacks("Faute de place");
    let m = map_words(&pdf);
    for n in 1..=41 {
        assert!(m.labels.iter().any(|w| w.text == format!("R{n}")), "R{n} missing from the map");
    }
    // residuals of R2, R5, … R41 (every third new risk) and R1'
    let residuals = m.labels.iter().filter(|w| w.text.starts_with('R') && w.text.ends_with('\'')).count();
    assert_eq!(residuals, 1 + 14);
    assert_no_overlap(&m.labels);
}

#[test]
fn an_organisation_without_dpo_gets_no_empty_dpo_fields() {
    let (mut b, id) = commune();
    b.aipds[0].dpo = greffier::model::DpoOpinion { no_dpo: true, ..Default::default() };
    let pdf = render(&b, id, "sans-dpo.pdf");
    pdf.assert_has("L'organisme n'a pas désigné de délégué à la protection des données");
    pdf.assert_lacks("Avis motivé");
}

/// Garbage-like content: a typed label far too long for a cell, and so many points in one
/// cell that even the compact layout cannot hold them: labels are cut, points that find no
/// room are named under the map, nothing overlaps, the table still has every risk.
#[test]
fn an_overfull_map_cuts_and_lists_rather_than_overlapping() {
    let (mut b, id) = commune();
    let a = &mut b.aipds[0];
    a.risks[0].label = "Un repère beaucoup trop long pour une case de la carte".into();
    for i in 0..150u16 {
        let mut r = Risk::custom(format!("Risque n° {i}"));
        r.initial = est(Level::Limited, Level::Limited, "", "");
        r.residual = est(Level::Negligible, Level::Limited, "", "");
        a.risks.push(r);
    }
    let pdf = render(&b, id, "trop-plein.pdf");
    pdf.assert_has("Faute de place, ces points ne sont pas dessinés :");
    pdf.assert_has("R151 Risque n° 149");
    // the table keeps the whole label (cut between characters in its narrow column)
    let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(squeeze(&pdf.raw).contains(&squeeze("Un repère beaucoup trop long pour une case de la carte Accès")));
    let m = map_words(&pdf);
    assert!(m.labels.len() > 100, "{} labels drawn", m.labels.len());
    assert!(m.labels.iter().any(|w| w.text.ends_with('…')), "the long label is cut");
    assert_no_overlap(&m.labels);
}

#[test]
fn import_notes_are_printed() {
    let (mut b, id) = commune();
    b.aipds[0].import_notes.push(greffier::model::ImportNote {
        source: "answers/341".into(),
        text: "Réponse du logiciel PIA sans équivalent : « caméras piétons »".into(),
    });
    let pdf = render(&b, id, "notes.pdf");
    pdf.assert_has("Notes d'import");
    pdf.assert_has("answers/341 Réponse du logiciel PIA sans équivalent : « caméras piétons »");
}

#[test]
fn unknown_aipd_is_refused_in_every_format() {
    let (b, _) = commune();
    let other = Uuid::new_v4();
    for format in AipdFormat::ALL {
        match aipd_export(&b, other, format, today()) {
            Err(e @ AipdPdfError::NotFound(_)) => {
                assert!(e.message_fr().contains(&other.to_string()));
                assert_eq!(e.code(), "aipd_not_found");
            }
            other => panic!("{format:?}: expected NotFound, got {:?}", other.map(|b| b.len())),
        }
    }
}

#[test]
fn pia_json_export_goes_through_the_same_entry_point() {
    let (b, id) = commune();
    let bytes = aipd_export(&b, id, AipdFormat::PiaJson, today()).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert!(v["pia"].is_object(), "a PIA export has a `pia` object");
    assert!(v["answers"].is_array());
    let pdf = aipd_export(&b, id, AipdFormat::Pdf, today()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

// ------------------------------------------------------------------------- the screening alone

/// The demo bundles (bakery first, commune second).
fn demo() -> Vec<OrganisationBundle> {
    serde_json::from_str(greffier::cli::DEMO_JSON).expect("demo.json parses")
}

/// The screening document of `processing`, read back like the reports.
fn render_screening(bundle: &OrganisationBundle, processing: Uuid, name: &str) -> Pdf {
    read_back(&screening_pdf(bundle, processing, today()).expect("screening_pdf"), name)
}

/// The bakery's shop camera: screened, « AIPD non requise » despite two criteria, with a
/// justification and the manager's view. No AIPD report will ever print it: this does.
#[test]
fn the_bakery_camera_screening_prints_on_its_own() {
    let bakery = demo().remove(0);
    let p = bakery.processings.iter().find(|p| p.name == "Vidéosurveillance du magasin").expect("demo processing");
    let s = bakery.aipd_screenings.iter().find(|s| s.processing == p.id).expect("demo screening");
    let pdf = render_screening(&bakery, p.id, "analyse-prealable-boulangerie.pdf");

    // head: what, who, which processing, its purposes, dates
    pdf.assert_has("Analyse préalable : une AIPD est-elle requise ?");
    pdf.assert_has("« Vidéosurveillance du magasin »");
    pdf.assert_has("Organisme Boulangerie Martin");
    pdf.assert_has("Traitement BM-04 — Vidéosurveillance du magasin");
    pdf.assert_has("Finalités – Assurer la sécurité des biens et des personnes dans le magasin");
    pdf.assert_has("Analyse enregistrée le 03/06/2025");
    pdf.assert_has("Document édité le 23/11/2026");
    pdf.assert_lacks("Non enregistrée");
    // the conclusion in a box at the top, who decided and when
    pdf.assert_has("Conclusion : AIPD non requise Retenue par Claire Martin, gérante, le 03/06/2025.");
    pdf.assert_has("La conclusion retenue s'écarte du résultat de la démarche");

    // the same screening section as the report: lists, Art. 35(3), the nine criteria
    pdf.assert_has("1. Le raisonnement");
    pdf.assert_has("La démarche de la CNIL");
    pdf.assert_has("Liste « non requise » Aucun type de cette liste ne correspond");
    pdf.assert_has("Cas de l'article 35(3) Aucun");
    pdf.assert_has("N° Critère Réponse Commentaire");
    pdf.assert_has("3 Surveillance systématique des personnes Rempli Quatre caméras enregistrent en continu");
    pdf.assert_has("7 Personnes vulnérables Rempli Les salariés passent dans le champ des caméras");
    pdf.assert_has("5 Traitement à grande échelle Non rempli Un seul magasin, environ 300 passages par jour");
    pdf.assert_has("8 Usage innovant ou nouvelle technologie Non rempli —");
    pdf.assert_has("Critères remplis 2 sur 9");
    pdf.assert_has("Résultat AIPD requise : au moins deux critères remplis");
    pdf.assert_has("Conclusion retenue AIPD non requise");
    // the typed texts, whole
    pdf.assert_has(&format!("Justification {}", s.justification));
    pdf.assert_has(&format!("Avis du délégué (DPO) {}", s.dpo_view));
    pdf.assert_has("Décidé par Claire Martin, gérante");
    pdf.assert_has("Date de la décision 03/06/2025");
    // justification and view are there: no « À compléter »
    pdf.assert_lacks("À compléter");

    // the AIPDs covering it, and what the conclusion means
    pdf.assert_has("2. Analyses d'impact couvrant ce traitement");
    pdf.assert_has("Aucune analyse d'impact (AIPD) ne couvre ce traitement.");
    pdf.assert_has("3. Ce que signifie cette conclusion");
    pdf.assert_has("Aucune AIPD n'est à mener pour ce traitement tel qu'il est décrit.");
    pdf.assert_has("Conservez ce document avec le registre");
    pdf.assert_has("Refaites-la dès qu'il change");
    pdf.assert_has("(article 35(11))");

    // 1 to 3 pages, numbered, with the footer
    assert!((1..=3).contains(&pdf.pages), "{} pages", pdf.pages);
    pdf.assert_has(&format!("Page 1 / {}", pdf.pages));
    pdf.assert_has(&format!("Page {} / {}", pdf.pages, pdf.pages));
    pdf.assert_has("Boulangerie Martin — Analyse préalable « Vidéosurveillance du magasin »");
    // French typography: no line starts with a closing guillemet or a colon
    for line in run("pdftotext", &["-layout", pdf.path.to_str().unwrap(), "-"]).lines() {
        let l = line.trim_start();
        assert!(!l.starts_with('»') && !l.starts_with(':'), "line starts badly: « {line} »");
    }

    // page 1 as an image, to be looked at
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&out).unwrap();
    let prefix = out.join("screening-page1");
    let p = pdf.path.to_str().unwrap();
    run("pdftoppm", &["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", p, prefix.to_str().unwrap()]);
    assert!(std::fs::read(out.join("screening-page1.png")).unwrap().starts_with(b"\x89PNG"));
}

/// A required screening lists the analyses covering the processing with their status.
#[test]
fn a_required_screening_lists_the_aipds_covering_it() {
    let commune = demo().remove(1);
    let p = commune.processings.iter().find(|p| p.name == "Vidéoprotection de la voie publique").unwrap();
    let pdf = render_screening(&commune, p.id, "analyse-prealable-commune.pdf");
    pdf.assert_has("Conclusion : AIPD requise Retenue par Alain Roussel, maire, le 12/06/2025.");
    pdf.assert_lacks("s'écarte du résultat");
    pdf.assert_has("Surveillance systématique à grande échelle d'une zone accessible au public — art. 35(3)(c)");
    pdf.assert_has("Analyse d'impact Version Statut Validée le");
    pdf.assert_has("AIPD – Vidéoprotection de la voie publique 1 Validée");
    pdf.assert_has("Une AIPD doit être menée avant la mise en œuvre du traitement");
    pdf.assert_lacks("elle reste à faire");
    assert!((1..=3).contains(&pdf.pages), "{} pages", pdf.pages);
}

/// No stored screening: the register's proposal is printed, marked as such at the top and
/// in every footer, and never reads as a decision.
#[test]
fn an_unscreened_processing_prints_the_proposal_marked() {
    let bakery = demo().remove(0);
    let p = bakery.processings.iter().find(|p| p.name == "Clients et carte de fidélité").unwrap();
    assert!(!bakery.aipd_screenings.iter().any(|s| s.processing == p.id), "the demo must leave it unscreened");
    let pdf = render_screening(&bakery, p.id, "proposition.pdf");
    pdf.assert_has("Non enregistrée : proposition d'après la fiche du registre");
    pdf.assert_has("Analyse enregistrée le Non enregistrée");
    pdf.assert_has("ce n'est pas une décision");
    pdf.assert_has("Conclusion retenue Non renseigné");
    pdf.assert_has("Pas encore de conclusion retenue");
    pdf.assert_has("Décidé par Non renseigné");
    for n in 1..=pdf.pages {
        let n = n.to_string();
        let page = collapse(&run("pdftotext", &["-layout", "-f", &n, "-l", &n, pdf.path.to_str().unwrap(), "-"]));
        assert!(page.contains("proposition non enregistrée"), "page {n} lacks the mark in its footer");
    }

    // a bare entry with one box ticked: that criterion proposed with the register's reason,
    // the others « Non renseigné », still marked and undecided
    let mut b = OrganisationBundle::new(Organisation::new("Boulangerie Test"));
    let mut bare = Processing::new("Registre des visiteurs");
    bare.automated_decision = true;
    let id = bare.id;
    b.processings.push(bare);
    let pdf = render_screening(&b, id, "vide.pdf");
    pdf.assert_has("Non enregistrée : proposition d'après la fiche du registre");
    pdf.assert_has("Finalités Non renseigné");
    pdf.assert_has(
        "2 Décision automatique ayant un effet juridique ou similaire Rempli La case « Décision automatisée » est \
         cochée",
    );
    pdf.assert_has("1 Évaluation ou notation des personnes, y compris le profilage Non renseigné —");
    pdf.assert_has("Résultat AIPD requise : au moins deux critères remplis");
    pdf.assert_has("L'analyse n'est pas terminée : aucune conclusion n'est retenue");
    pdf.assert_has("(« AIPD requise : au moins deux critères remplis ») n'est qu'une indication");
    pdf.assert_lacks("Conclusion : AIPD");
    pdf.assert_lacks("Une AIPD doit être menée");
}

#[test]
fn an_unknown_processing_is_refused() {
    let bakery = demo().remove(0);
    let other = Uuid::new_v4();
    match screening_pdf(&bakery, other, today()) {
        Err(e @ AipdPdfError::ProcessingNotFound(_)) => {
            assert_eq!(e.code(), "processing_not_found");
            assert!(e.message_fr().contains(&other.to_string()) && e.message_fr().contains("introuvable"));
            assert!(e.message_en().contains("not in the organisation's register"));
        }
        other => panic!("expected ProcessingNotFound, got {:?}", other.map(|b| b.len())),
    }
    // an AIPD id is not a processing
    let commune = demo().remove(1);
    let aipd = commune.aipds[0].id;
    assert!(matches!(screening_pdf(&commune, aipd, today()), Err(AipdPdfError::ProcessingNotFound(_))));
}
