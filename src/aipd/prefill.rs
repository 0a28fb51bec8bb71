//! A new analysis written from the register: what the organisation already said about a
//! processing (purposes, data, recipients, retention, rights, processors, transfers,
//! security) becomes the first draft of the AIPD's context and principles, so that the
//! clerk edits rather than retypes. And the measures an analysis can pick from: the
//! security checklist's items done, the organisation's measures, the knowledge base.
//!
//! Texts are plain French (the dossier's language), one fact per line; with several
//! processings, each block starts with the processing's name. Where the register says
//! nothing, the answer says so and what to add: an empty answer would read as « done ».

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::assets::assets;
use crate::model::{
    Aipd, AipdMeasure, AipdStatus, Art9Exception, ContextAnswer, ContextKey, FinalDisposal, LegalBasis, Measure,
    MeasureFamily, MeasureKind, MeasureOrigin, MeasurePhase, MeasureStatus, OrganisationBundle, PrincipleAnswer,
    PrincipleKey, Processing, ProcessingRole, RecipientKind, Retention,
};
use crate::register::adequacy;
use crate::security::guide::guide;
use crate::security::links::existing_measures;

/// `« name »`, or « sans nom ».
fn quoted(name: &str) -> String {
    match name.trim() {
        "" => "« sans nom »".to_string(),
        n => format!("« {n} »"),
    }
}

/// One block per processing; headed by its name when there are several.
fn per_processing(ps: &[&Processing], f: impl Fn(&Processing) -> Vec<String>) -> String {
    let blocks: Vec<String> = ps
        .iter()
        .map(|p| {
            let lines = f(p);
            if ps.len() > 1 {
                format!("Traitement {} :\n{}", quoted(&p.name), lines.join("\n"))
            } else {
                lines.join("\n")
            }
        })
        .collect();
    blocks.join("\n\n")
}

fn retention_text(r: &Option<Retention>) -> String {
    match r {
        None => "durée de conservation non renseignée".to_string(),
        Some(r) => match r.legal_source().trim() {
            "" => r.to_french(),
            s => format!("{} (source : {s})", r.to_french()),
        },
    }
}

/// `« nom »` of a recipient, with the third party's name when linked and different.
fn recipient_name(bundle: &OrganisationBundle, label: &str, third_party: Option<Uuid>) -> String {
    let tp = third_party.and_then(|id| bundle.third_parties.iter().find(|t| t.id == id));
    match (label.trim(), tp) {
        ("", Some(t)) => t.name.clone(),
        (l, Some(t)) if t.name.trim() != l => format!("{l} ({})", t.name.trim()),
        (l, _) if !l.is_empty() => l.to_string(),
        _ => "destinataire sans nom".to_string(),
    }
}

fn overview(bundle: &OrganisationBundle, ps: &[&Processing]) -> String {
    let org = &bundle.organisation;
    let mut out = vec![format!("Organisme : {}.", org.legal_name.trim())];
    out.push(per_processing(ps, |p| {
        let mut l = vec![format!(
            "Traitement : {}{}.",
            quoted(&p.name),
            match p.reference.trim() {
                "" => String::new(),
                r => format!(" (référence {r})"),
            }
        )];
        if !p.department.trim().is_empty() || !p.owner.trim().is_empty() {
            l.push(format!("Service : {} ; gestionnaire : {}.", or_unknown(&p.department), or_unknown(&p.owner)));
        }
        if p.purposes.is_empty() {
            l.push("Finalités : aucune n'est encore inscrite au registre.".into());
        } else {
            l.push("Finalités :".into());
            for x in &p.purposes {
                let main = if x.is_main { " (finalité principale)" } else { "" };
                l.push(format!("- {}{main}", x.description.trim()));
            }
        }
        if !p.persons_concerned.is_empty() {
            l.push("Personnes concernées :".into());
            for x in &p.persons_concerned {
                let mut s = format!("- {}", x.category.label_fr());
                if !x.details.trim().is_empty() {
                    s.push_str(&format!(" : {}", x.details.trim()));
                }
                if let Some(n) = x.approximate_number {
                    s.push_str(&format!(" (environ {n} personnes)"));
                }
                if x.vulnerable {
                    s.push_str(" — personnes vulnérables");
                }
                l.push(s);
            }
        }
        if p.large_scale {
            l.push("Le traitement est indiqué comme étant à grande échelle.".into());
        }
        if !p.collection_details.trim().is_empty() {
            l.push(format!("Fonctionnement : {}", p.collection_details.trim()));
        }
        l
    }));
    out.push("Enjeux et bénéfices attendus : à compléter (pourquoi ce traitement, ce qu'il apporte).".into());
    out.join("\n\n")
}

fn or_unknown(s: &str) -> &str {
    match s.trim() {
        "" => "non renseigné",
        t => t,
    }
}

fn responsibilities(bundle: &OrganisationBundle, ps: &[&Processing]) -> String {
    let org = &bundle.organisation;
    let rep = org.legal_representative.full_name();
    let mut head = format!("Responsable du traitement : {}", org.legal_name.trim());
    if !rep.is_empty() {
        head.push_str(&format!(", représenté par {rep}"));
        if !org.legal_representative.role.trim().is_empty() {
            head.push_str(&format!(" ({})", org.legal_representative.role.trim()));
        }
    }
    head.push('.');
    let mut out = vec![head];
    if org.dpo.designated {
        let who = match (org.dpo.person.full_name(), org.dpo.organisation_name.trim()) {
            (n, "") if !n.is_empty() => n,
            (n, o) if !n.is_empty() => format!("{n} ({o})"),
            (_, o) if !o.is_empty() => o.to_string(),
            _ => "nom non renseigné".to_string(),
        };
        out.push(format!("Délégué à la protection des données : {who}."));
    } else {
        out.push("Aucun délégué à la protection des données n'est indiqué pour l'organisme.".into());
    }
    out.push(per_processing(ps, |p| {
        let mut l = Vec::new();
        match p.role {
            ProcessingRole::Controller => {}
            ProcessingRole::JointController => {
                l.push("L'organisme est responsable conjoint de ce traitement (art. 26).".into())
            }
            ProcessingRole::Processor => l.push(
                "L'organisme agit comme sous-traitant pour ce traitement : l'AIPD revient au responsable du \
                 traitement, que vous pouvez aider."
                    .into(),
            ),
        }
        for j in &p.joint_controllers {
            let mut s = format!("Responsable conjoint : {}", or_unknown(&j.name));
            if !j.arrangement.trim().is_empty() {
                s.push_str(&format!(" — répartition des rôles : {}", j.arrangement.trim()));
            }
            l.push(s);
        }
        let processors: Vec<String> = p
            .recipients
            .iter()
            .filter(|r| r.kind == RecipientKind::Processor)
            .map(|r| recipient_name(bundle, &r.label, r.third_party))
            .collect();
        if processors.is_empty() {
            l.push("Sous-traitants : aucun n'est mentionné dans le registre.".into());
        } else {
            l.push(format!("Sous-traitants : {}.", processors.join(" ; ")));
        }
        l
    }));
    out.join("\n\n")
}

fn standards(bundle: &OrganisationBundle, ps: &[&Processing]) -> String {
    let mut seen = HashSet::new();
    let mut texts = Vec::new();
    let mut push = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && seen.insert(s.to_string()) {
            texts.push(format!("- {s}"));
        }
    };
    for p in ps {
        for x in &p.purposes {
            push(&x.justification);
        }
        for d in &p.data_categories {
            if let Some(r) = &d.retention {
                push(r.legal_source());
            }
        }
        for s in &p.sensitive_data {
            if let Some(r) = &s.retention {
                push(r.legal_source());
            }
        }
        if let Some(c) = &p.criminal_data {
            push(&c.legal_ground);
        }
        push(&p.nir_justification);
    }
    let mut out = Vec::new();
    if texts.is_empty() {
        out.push("Le registre ne cite aucun texte ni référentiel pour ce traitement.".to_string());
    } else {
        out.push(format!("Textes et référentiels cités dans le registre :\n{}", texts.join("\n")));
    }
    if let Some(a) = bundle.security_assessments.first() {
        out.push(format!(
            "Sécurité : l'organisme s'évalue selon le guide de la sécurité des données personnelles de la CNIL \
             (édition {}).",
            a.guide_edition
        ));
    }
    out.push(
        "À compléter : codes de conduite approuvés, certifications, référentiels ou recommandations de la CNIL \
         propres au secteur."
            .into(),
    );
    out.join("\n\n")
}

fn data(bundle: &OrganisationBundle, ps: &[&Processing]) -> String {
    per_processing(ps, |p| {
        let mut l = Vec::new();
        if p.data_categories.is_empty() {
            l.push("Catégories de données : aucune n'est encore inscrite au registre.".into());
        } else {
            l.push("Catégories de données :".into());
            for d in &p.data_categories {
                let desc = match d.description.trim() {
                    "" => String::new(),
                    s => format!(" : {s}"),
                };
                l.push(format!("- {}{desc} — conservation : {}", d.category.label_fr(), retention_text(&d.retention)));
            }
        }
        for s in &p.sensitive_data {
            let exception = s
                .exception
                .map_or("exception à préciser".to_string(), |e| format!("{} (art. {})", e.label_fr(), e.article()));
            let desc = match s.description.trim() {
                "" => String::new(),
                d => format!(" : {d}"),
            };
            l.push(format!(
                "- Donnée sensible « {} »{desc} — {exception} — conservation : {}",
                s.category.label_fr(),
                retention_text(&s.retention)
            ));
        }
        if let Some(c) = &p.criminal_data {
            l.push(format!(
                "- Données d'infraction : {} — fondement : {} — conservation : {}",
                or_unknown(&c.description),
                or_unknown(&c.legal_ground),
                retention_text(&c.retention)
            ));
        }
        if p.nir_used {
            l.push(format!("- Numéro de sécurité sociale (NIR) utilisé : {}", or_unknown(&p.nir_justification)));
        }
        if p.recipients.is_empty() {
            l.push("Destinataires : aucun n'est inscrit au registre.".into());
        } else {
            l.push("Destinataires et personnes qui ont accès aux données :".into());
            for r in &p.recipients {
                let details = match r.details.trim() {
                    "" => String::new(),
                    d => format!(" : {d}"),
                };
                l.push(format!(
                    "- {} ({}){details}",
                    recipient_name(bundle, &r.label, r.third_party),
                    r.kind.label_fr()
                ));
            }
        }
        l
    })
}

fn disposal_text(d: FinalDisposal) -> String {
    match d {
        FinalDisposal::NotDetermined => "sort final non déterminé".into(),
        d => d.label_fr().to_lowercase(),
    }
}

fn life_cycle(bundle: &OrganisationBundle, ps: &[&Processing]) -> String {
    per_processing(ps, |p| {
        let mut l = Vec::new();
        let origins: Vec<&str> = p.data_origins.iter().map(|o| o.label_fr()).collect();
        let mut collect = format!(
            "Collecte : {}",
            if origins.is_empty() { "origine non renseignée".to_string() } else { origins.join(", ").to_lowercase() }
        );
        if !p.data_origin_details.trim().is_empty() {
            collect.push_str(&format!(" — {}", p.data_origin_details.trim()));
        }
        l.push(collect);
        if !p.collection_means.is_empty() || !p.collection_details.trim().is_empty() {
            let means: Vec<&str> = p.collection_means.iter().map(|m| m.label_fr()).collect();
            let mut s =
                format!("Moyens de collecte : {}", if means.is_empty() { "-".into() } else { means.join(", ") });
            if !p.collection_details.trim().is_empty() {
                s.push_str(&format!(" — {}", p.collection_details.trim()));
            }
            l.push(s);
        }
        if let Some(m) = p.main_purpose() {
            l.push(format!("Utilisation : {}", m.description.trim()));
        }
        let to: Vec<String> = p
            .recipients
            .iter()
            .filter(|r| r.kind != RecipientKind::InternalService)
            .map(|r| recipient_name(bundle, &r.label, r.third_party))
            .collect();
        if !to.is_empty() {
            l.push(format!("Transmission : {}", to.join(" ; ")));
        }
        for d in &p.data_categories {
            l.push(format!(
                "Conservation ({}) : {} ; au terme : {}",
                d.category.label_fr(),
                retention_text(&d.retention),
                disposal_text(d.final_disposal)
            ));
        }
        if p.data_categories.is_empty() {
            l.push("Conservation et fin de vie : à compléter (aucune catégorie de données au registre).".into());
        }
        l
    })
}

fn supports(bundle: &OrganisationBundle, ps: &[&Processing]) -> String {
    let mut out = vec![per_processing(ps, |p| {
        let mut l = Vec::new();
        if p.software.is_empty() {
            l.push("Logiciels et matériels : aucun n'est indiqué au registre.".into());
        } else {
            l.push("Logiciels et matériels :".into());
            l.extend(p.software.iter().filter(|s| !s.trim().is_empty()).map(|s| format!("- {}", s.trim())));
        }
        if p.paper {
            l.push("Le traitement utilise aussi des documents papier.".into());
        }
        let providers: Vec<String> = p
            .recipients
            .iter()
            .filter(|r| r.kind == RecipientKind::Processor)
            .map(|r| recipient_name(bundle, &r.label, r.third_party))
            .collect();
        if !providers.is_empty() {
            l.push(format!("Prestataires qui hébergent ou maintiennent ces supports : {}.", providers.join(" ; ")));
        }
        if !p.security.description.trim().is_empty() {
            l.push(format!("Sécurité décrite au registre : {}", p.security.description.trim()));
        }
        l
    })];
    out.push(
        "À compléter : serveurs et postes de travail, réseaux, personnes qui manipulent les données, locaux et \
         circuits papier."
            .into(),
    );
    out.join("\n\n")
}

fn context_answers(bundle: &OrganisationBundle, ps: &[&Processing]) -> Vec<ContextAnswer> {
    ContextKey::ALL
        .iter()
        .map(|&key| ContextAnswer {
            key,
            text: match key {
                ContextKey::Overview => overview(bundle, ps),
                ContextKey::Responsibilities => responsibilities(bundle, ps),
                ContextKey::Standards => standards(bundle, ps),
                ContextKey::Data => data(bundle, ps),
                ContextKey::LifeCycle => life_cycle(bundle, ps),
                ContextKey::Supports => supports(bundle, ps),
            },
        })
        .collect()
}

fn uses_consent(p: &Processing) -> bool {
    p.purposes.iter().any(|x| x.legal_basis == LegalBasis::Consent)
        || p.sensitive_data.iter().any(|s| s.exception == Some(Art9Exception::ExplicitConsent))
}

fn rights_text(ps: &[&Processing], extra: &str) -> String {
    let block = per_processing(ps, |p| match p.rights_exercise.trim() {
        "" => vec!["Le registre ne dit pas comment les personnes exercent leurs droits : à compléter.".into()],
        r => vec![format!("Ce que dit le registre : {r}")],
    });
    if extra.is_empty() {
        block
    } else {
        format!("{block}\n\n{extra}")
    }
}

fn principle_answers(bundle: &OrganisationBundle, ps: &[&Processing]) -> Vec<PrincipleAnswer> {
    let any_transfer = ps
        .iter()
        .any(|p| !p.transfers.is_empty() || p.recipients.iter().any(|r| r.kind == RecipientKind::ThirdCountry));
    let any_consent = ps.iter().any(|p| uses_consent(p));
    let bases: Vec<LegalBasis> = {
        let mut v: Vec<LegalBasis> = Vec::new();
        for p in ps {
            for x in &p.purposes {
                if !v.contains(&x.legal_basis) {
                    v.push(x.legal_basis);
                }
            }
        }
        v
    };
    PrincipleKey::ALL
        .iter()
        .map(|&key| {
            let mut not_applicable = false;
            let text = match key {
                PrincipleKey::Purposes => per_processing(ps, |p| {
                    if p.purposes.is_empty() {
                        return vec!["Aucune finalité n'est inscrite au registre : à compléter.".into()];
                    }
                    p.purposes
                        .iter()
                        .map(|x| {
                            format!(
                                "- {}{}",
                                x.description.trim(),
                                if x.is_main { " (finalité principale)" } else { "" }
                            )
                        })
                        .collect()
                }),
                PrincipleKey::LegalBasis => per_processing(ps, |p| {
                    let mut l: Vec<String> = p
                        .purposes
                        .iter()
                        .map(|x| {
                            let basis = match x.legal_basis {
                                LegalBasis::ToDetermine => "base légale à déterminer".to_string(),
                                b => format!("{} (art. {})", b.label_fr(), b.article()),
                            };
                            let why = match x.justification.trim() {
                                "" => String::new(),
                                j => format!(" — {j}"),
                            };
                            format!("- {} : {basis}{why}", x.description.trim())
                        })
                        .collect();
                    for s in &p.sensitive_data {
                        l.push(format!(
                            "- Donnée sensible « {} » : {}",
                            s.category.label_fr(),
                            s.exception.map_or("exception de l'article 9(2) à préciser".to_string(), |e| format!(
                                "{} (art. {})",
                                e.label_fr(),
                                e.article()
                            ))
                        ));
                    }
                    if l.is_empty() {
                        l.push("Aucune finalité n'est inscrite au registre : la base légale reste à indiquer.".into());
                    }
                    l
                }),
                PrincipleKey::Minimisation => {
                    let listed = per_processing(ps, |p| {
                        let mut l: Vec<String> = p
                            .data_categories
                            .iter()
                            .map(|d| format!("- {} : {}", d.category.label_fr(), or_unknown(&d.description)))
                            .collect();
                        l.extend(
                            p.sensitive_data
                                .iter()
                                .map(|s| format!("- {} : {}", s.category.label_fr(), or_unknown(&s.description))),
                        );
                        if p.nir_used {
                            l.push(format!("- NIR : {}", or_unknown(&p.nir_justification)));
                        }
                        if l.is_empty() {
                            l.push("Aucune catégorie de données n'est inscrite au registre.".into());
                        } else {
                            l.insert(0, "Données collectées selon le registre :".into());
                        }
                        l
                    });
                    format!(
                        "{listed}\n\nPour chaque donnée, expliquez pourquoi elle est nécessaire à la finalité ; \
                         retirez celles qui ne le sont pas."
                    )
                }
                PrincipleKey::Accuracy => {
                    let origins = per_processing(ps, |p| {
                        let o: Vec<&str> = p.data_origins.iter().map(|o| o.label_fr()).collect();
                        let mut l = vec![format!(
                            "Origine des données : {}",
                            if o.is_empty() { "non renseignée".to_string() } else { o.join(", ").to_lowercase() }
                        )];
                        if !p.data_origin_details.trim().is_empty() {
                            l.push(p.data_origin_details.trim().to_string());
                        }
                        l
                    });
                    format!(
                        "{origins}\n\nÀ compléter : comment les données sont vérifiées et mises à jour, et comment une \
                         erreur signalée est corrigée."
                    )
                }
                PrincipleKey::Retention => per_processing(ps, |p| {
                    let mut l: Vec<String> = p
                        .data_categories
                        .iter()
                        .map(|d| {
                            format!(
                                "- {} : {} ; au terme : {}",
                                d.category.label_fr(),
                                retention_text(&d.retention),
                                disposal_text(d.final_disposal)
                            )
                        })
                        .collect();
                    l.extend(
                        p.sensitive_data
                            .iter()
                            .map(|s| format!("- {} : {}", s.category.label_fr(), retention_text(&s.retention))),
                    );
                    if let Some(c) = &p.criminal_data {
                        l.push(format!("- Données d'infraction : {}", retention_text(&c.retention)));
                    }
                    if l.is_empty() {
                        l.push("Aucune durée de conservation n'est inscrite au registre : à compléter.".into());
                    }
                    l
                }),
                PrincipleKey::Information => per_processing(ps, |p| match p.information_of_persons.trim() {
                    "" => vec!["Le registre ne dit pas comment les personnes sont informées : à compléter.".into()],
                    i => vec![i.to_string()],
                }),
                PrincipleKey::Consent => {
                    if any_consent {
                        per_processing(ps, |p| {
                            let mut l: Vec<String> = p
                                .purposes
                                .iter()
                                .filter(|x| x.legal_basis == LegalBasis::Consent)
                                .map(|x| format!("- Finalité fondée sur le consentement : {}", x.description.trim()))
                                .collect();
                            l.extend(
                                p.sensitive_data
                                    .iter()
                                    .filter(|s| s.exception == Some(Art9Exception::ExplicitConsent))
                                    .map(|s| {
                                        format!("- Consentement explicite pour la donnée « {} »", s.category.label_fr())
                                    }),
                            );
                            if l.is_empty() {
                                l.push("Aucune finalité de ce traitement ne repose sur le consentement.".into());
                            } else {
                                l.push(
                                    "À compléter : comment le consentement est demandé, gardé en preuve et peut être \
                                     retiré aussi simplement qu'il a été donné."
                                        .into(),
                                );
                            }
                            l
                        })
                    } else {
                        not_applicable = true;
                        let names: Vec<&str> =
                            bases.iter().filter(|b| **b != LegalBasis::ToDetermine).map(|b| b.label_fr()).collect();
                        if names.is_empty() {
                            "Aucune finalité ne repose sur le consentement.".to_string()
                        } else {
                            format!(
                                "Aucune finalité ne repose sur le consentement (bases légales retenues : {}).",
                                names.join(" ; ").to_lowercase()
                            )
                        }
                    }
                }
                PrincipleKey::AccessPortability => {
                    let portable = bases.iter().any(|b| matches!(b, LegalBasis::Consent | LegalBasis::Contract));
                    rights_text(
                        ps,
                        if portable {
                            "Droit à la portabilité : il s'applique aux données fournies par la personne pour les \
                             finalités fondées sur son consentement ou sur un contrat (art. 20)."
                        } else {
                            "Droit à la portabilité : aucune finalité ne repose sur le consentement ou un contrat, \
                             il ne s'applique donc pas (art. 20)."
                        },
                    )
                }
                PrincipleKey::RectificationErasure => rights_text(ps, ""),
                PrincipleKey::RestrictionObjection => {
                    let objection =
                        bases.iter().any(|b| matches!(b, LegalBasis::PublicTask | LegalBasis::LegitimateInterests));
                    rights_text(
                        ps,
                        if objection {
                            "Droit d'opposition : il s'applique aux finalités fondées sur une mission d'intérêt \
                             public ou sur l'intérêt légitime (art. 21) ; indiquez comment une opposition est \
                             examinée."
                        } else {
                            ""
                        },
                    )
                }
                PrincipleKey::Processors => {
                    let block = per_processing(ps, |p| {
                        let mut l: Vec<String> = p
                            .recipients
                            .iter()
                            .filter(|r| r.kind == RecipientKind::Processor)
                            .map(|r| {
                                let tp = r.third_party.and_then(|id| bundle.third_parties.iter().find(|t| t.id == id));
                                let contract = match tp.and_then(|t| t.contract_status) {
                                    Some(c) => {
                                        let date = tp.and_then(|t| t.contract_date).map_or(String::new(), |d| {
                                            format!(" (contrat du {})", d.format("%d/%m/%Y"))
                                        });
                                        format!("{}{date}", c.label_fr())
                                    }
                                    None => "état du contrat non renseigné".to_string(),
                                };
                                let details = match r.details.trim() {
                                    "" => String::new(),
                                    d => format!(" — {d}"),
                                };
                                format!("- {}{details} — {contract}", recipient_name(bundle, &r.label, r.third_party))
                            })
                            .collect();
                        if l.is_empty() {
                            l.push(
                                "Aucun sous-traitant n'est mentionné dans le registre : vérifiez qu'aucun prestataire \
                                 (hébergeur, éditeur de logiciel en ligne, mainteneur) n'accède aux données."
                                    .into(),
                            );
                        }
                        l
                    });
                    format!(
                        "{block}\n\nChaque contrat doit comporter les clauses de l'article 28 du RGPD (instructions, \
                         confidentialité, sécurité, sort des données en fin de contrat)."
                    )
                }
                PrincipleKey::Transfers => {
                    if any_transfer {
                        per_processing(ps, |p| {
                            let mut l: Vec<String> = p
                                .transfers
                                .iter()
                                .map(|t| {
                                    let country = adequacy::country(&t.country).map_or_else(
                                        || or_unknown(&t.country).to_string(),
                                        |c| format!("{} ({})", c.name_fr, c.zone.label_fr().to_lowercase()),
                                    );
                                    let safeguard = t.safeguard.map_or("garantie non renseignée", |s| s.label_fr());
                                    let doc = match t.documentation.trim() {
                                        "" => String::new(),
                                        d => format!(" — documentation : {d}"),
                                    };
                                    format!("- {} vers {country} : {safeguard}{doc}", or_unknown(&t.recipient))
                                })
                                .collect();
                            l.extend(
                                adequacy::check_transfers(p)
                                    .into_iter()
                                    .map(|w| format!("À vérifier : {}", w.message_fr)),
                            );
                            if p.transfers.is_empty() {
                                l.push(
                                    "Aucun transfert hors de l'Union européenne n'est indiqué pour ce traitement."
                                        .into(),
                                );
                            }
                            l
                        })
                    } else {
                        not_applicable = true;
                        "Aucun transfert de données hors de l'Union européenne n'est indiqué dans le registre."
                            .to_string()
                    }
                }
            };
            PrincipleAnswer { key, text, not_applicable, evaluation: None }
        })
        .collect()
}

/// The family of a measure answering sheet `sheet` of the CNIL security guide.
pub fn family_of_sheet(sheet: u8) -> MeasureFamily {
    match sheet {
        // authentication, access rights, logging, cryptography, APIs: measures on the data
        4 | 5 | 16 | 21 | 25 => MeasureFamily::OnData,
        // steering, charter, training, development, incidents, risk analysis, apps, AI
        1 | 2 | 3 | 11 | 19 | 20 | 23 | 24 => MeasureFamily::Organisational,
        _ => MeasureFamily::GeneralSecurity,
    }
}

/// The family of an organisation's measure: from its guide sheet, else from its kind
/// (`None` for a technical measure without a sheet: it may be either of two families).
fn family_of_measure(m: &Measure) -> Option<MeasureFamily> {
    if let Some(s) = m.sheet {
        return Some(family_of_sheet(s));
    }
    match m.kind? {
        MeasureKind::Organisational | MeasureKind::Legal => Some(MeasureFamily::Organisational),
        MeasureKind::Physical => Some(MeasureFamily::GeneralSecurity),
        MeasureKind::Technical => None,
    }
}

fn phase_of(status: MeasureStatus) -> MeasurePhase {
    match status {
        MeasureStatus::InPlace => MeasurePhase::Existing,
        _ => MeasurePhase::Planned,
    }
}

fn measure_of(m: &Measure) -> AipdMeasure {
    AipdMeasure {
        id: Uuid::new_v4(),
        title: m.title.clone(),
        description: m.description.clone(),
        family: family_of_measure(m),
        phase: phase_of(m.status),
        origin: MeasureOrigin::Measure { measure_id: m.id },
        evaluation: None,
    }
}

/// A new analysis (« En cours », the three feared events) of `processings`, written from
/// the register: every context question and every principle answered from the entries
/// (consent and transfers « sans objet » when no entry uses them), the entries' linked
/// measures (abandoned ones left out) as existing or planned measures, the legal
/// representative as validator and the DPO's name. Unknown or repeated ids are skipped;
/// an empty `title` becomes « AIPD – » and the first processing's name.
pub fn prefill(bundle: &OrganisationBundle, processings: &[Uuid], title: &str) -> Aipd {
    let mut ps: Vec<&Processing> = Vec::new();
    for id in processings {
        if let Some(p) = bundle.processings.iter().find(|p| p.id == *id) {
            if !ps.iter().any(|q| q.id == p.id) {
                ps.push(p);
            }
        }
    }
    let title = match title.trim() {
        "" => match ps.first() {
            Some(p) if !p.name.trim().is_empty() => format!("AIPD – {}", p.name.trim()),
            _ => "Analyse d'impact".to_string(),
        },
        t => t.to_string(),
    };
    let mut a = Aipd::new(title);
    a.status = AipdStatus::InProgress;
    a.processings = ps.iter().map(|p| p.id).collect();
    a.validator = bundle.organisation.legal_representative.full_name();
    if bundle.organisation.dpo.designated {
        a.dpo.name = match bundle.organisation.dpo.person.full_name() {
            n if !n.is_empty() => n,
            _ => bundle.organisation.dpo.organisation_name.trim().to_string(),
        };
    }
    if ps.is_empty() {
        return a;
    }
    a.context.answers = context_answers(bundle, &ps);
    a.principles = principle_answers(bundle, &ps);
    let mut seen = HashSet::new();
    for p in &ps {
        for id in &p.security.measures {
            if !seen.insert(*id) {
                continue;
            }
            if let Some(m) = bundle.measures.iter().find(|m| m.id == *id && m.status != MeasureStatus::Abandoned) {
                a.measures.push(measure_of(m));
            }
        }
    }
    a
}

/// A measure an analysis can pick « Choisir une mesure ».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureChoice {
    /// Where it comes from (the link the analysis keeps).
    pub origin: MeasureOrigin,
    pub title_fr: String,
    pub title_en: String,
    pub description_fr: String,
    pub description_en: String,
    pub family: Option<MeasureFamily>,
    /// « Existante » for a checklist item done or a measure in place.
    pub phase: MeasurePhase,
    /// Sheet of the CNIL security guide, when known.
    pub sheet: Option<u8>,
}

impl MeasureChoice {
    /// The measure as the analysis stores it (French texts: the dossier's language), with a
    /// fresh id.
    pub fn to_measure(&self) -> AipdMeasure {
        AipdMeasure {
            id: Uuid::new_v4(),
            title: self.title_fr.clone(),
            description: self.description_fr.clone(),
            family: self.family,
            phase: self.phase,
            origin: self.origin.clone(),
            evaluation: None,
        }
    }
}

/// Every measure an analysis of this organisation can pick, each once: the security
/// checklist's items done (existing), the organisation's measures not abandoned, then the
/// knowledge base (planned).
pub fn measure_choices(bundle: &OrganisationBundle) -> Vec<MeasureChoice> {
    let mut out = Vec::new();
    if let Some(assessment) = bundle.security_assessments.first() {
        for m in existing_measures(guide(), assessment) {
            let (evidence_fr, evidence_en) = match m.evidence.trim() {
                "" => (String::new(), String::new()),
                e => (format!(" Preuve : {e}"), format!(" Evidence: {e}")),
            };
            out.push(MeasureChoice {
                origin: MeasureOrigin::SecurityItem { item_id: m.item_id.clone() },
                title_fr: m.text_fr.clone(),
                title_en: m.text_en.clone(),
                description_fr: format!(
                    "Guide de la sécurité de la CNIL, fiche {} « {} ».{evidence_fr}",
                    m.sheet, m.sheet_title_fr
                ),
                description_en: format!(
                    "CNIL security guide, sheet {} « {} ».{evidence_en}",
                    m.sheet, m.sheet_title_en
                ),
                family: Some(family_of_sheet(m.sheet)),
                phase: MeasurePhase::Existing,
                sheet: Some(m.sheet),
            });
        }
    }
    for m in bundle.measures.iter().filter(|m| m.status != MeasureStatus::Abandoned) {
        out.push(MeasureChoice {
            origin: MeasureOrigin::Measure { measure_id: m.id },
            title_fr: m.title.clone(),
            title_en: m.title.clone(),
            description_fr: m.description.clone(),
            description_en: m.description.clone(),
            family: family_of_measure(m),
            phase: phase_of(m.status),
            sheet: m.sheet,
        });
    }
    for k in &assets().knowledge {
        out.push(MeasureChoice {
            origin: MeasureOrigin::KnowledgeBase { entry_id: k.id.clone() },
            title_fr: k.title_fr.clone(),
            title_en: k.title_en.clone(),
            description_fr: k.description_fr.clone(),
            description_en: k.description_en.clone(),
            family: Some(k.family),
            phase: MeasurePhase::Planned,
            sheet: k.sheets.first().copied(),
        });
    }
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.origin.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Organisation, Purpose, Record};

    #[test]
    fn sheets_map_to_every_family() {
        let families: HashSet<MeasureFamily> = (1..=25).map(family_of_sheet).collect();
        assert_eq!(families.len(), 3);
        assert_eq!(family_of_sheet(21), MeasureFamily::OnData);
        assert_eq!(family_of_sheet(17), MeasureFamily::GeneralSecurity);
        assert_eq!(family_of_sheet(19), MeasureFamily::Organisational);
    }

    #[test]
    fn consent_and_transfers_not_applicable_when_unused() {
        let mut b = OrganisationBundle::new(Organisation::new("Boulangerie"));
        let mut p = Processing::new("Fidélité");
        p.purposes.push(Purpose {
            description: "Carte de fidélité".into(),
            is_main: true,
            legal_basis: LegalBasis::Contract,
            justification: String::new(),
        });
        b.processings.push(p.clone());
        let a = prefill(&b, &[p.id, p.id, Uuid::new_v4()], " ");
        assert_eq!(a.processings, [p.id]);
        assert_eq!(a.title, "AIPD – Fidélité");
        assert!(a.principle(PrincipleKey::Consent).is_some_and(|c| c.not_applicable));
        assert!(a.principle(PrincipleKey::Transfers).is_some_and(|c| c.not_applicable));
        assert!(a.principle(PrincipleKey::AccessPortability).is_some_and(|c| c.text.contains("s'applique")));
        b.processings[0].purposes[0].legal_basis = LegalBasis::Consent;
        let a = prefill(&b, &[p.id], "X");
        assert!(a.principle(PrincipleKey::Consent).is_some_and(|c| !c.not_applicable && c.text.contains("Carte")));
        assert!(a.validate().is_empty(), "{:?}", a.validate());
    }
}
