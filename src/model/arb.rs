//! Generators of random **valid** model values (feature `arbitrary`), for property tests:
//! whatever the input bytes, a generated value passes `validate()` and survives a JSON
//! round trip unchanged.
//!
//! The derived `Arbitrary` impls call the field generators below through
//! `#[arbitrary(with = …)]`; [`Organisation`], [`OrganisationBundle`], [`AipdScreening`]
//! and [`Aipd`] are implemented by hand because some of their fields depend on others
//! (SIRET on SIREN, references on the records present, an analysis' links on its own
//! measures and risks, « Améliorable » on a corrective action, « Validée » on a validation).

use std::collections::HashSet;

use arbitrary::{Arbitrary, Error, Result, Unstructured};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::validate::luhn_check_digit;
use super::{
    Aipd, AipdContext, AipdCriterion, AipdMeasure, AipdScreening, AipdStatus, AnswerStatus, Art35Case, Breach,
    BreachNature, ChapterScoreValue, ContextAnswer, ContextKey, ContextPart, CorrectiveAction, CriterionAnswer,
    DataCategory, DataSubjectsOpinion, Decision, DpoOpinion, Estimate, Evaluation, FearedEvent, ImportNote, ItemAnswer,
    MeasureOrigin, Notification, NotificationKind, Organisation, OrganisationBundle, PartRef, PrincipleAnswer,
    PrincipleKey, ProfileAnswer, ProfileKey, Rating, Refusal, Risk, ScoreSnapshot, ScreeningConclusion,
    SecurityAssessment, SheetScoreValue, SpecialCategory, Validation, MAX_PERSONS, MAX_RECORDS,
};

/// A text that is not blank.
pub fn name(u: &mut Unstructured<'_>) -> Result<String> {
    let s: String = u.arbitrary()?;
    Ok(if s.trim().is_empty() { format!("N{s}") } else { s })
}

/// 2100-01-01T00:00:00Z in milliseconds since the epoch.
const MS_2100: i64 = 4_102_444_800_000;

/// A timestamp between 1970 and 2100, in whole milliseconds.
pub fn timestamp(u: &mut Unstructured<'_>) -> Result<DateTime<Utc>> {
    let ms = u.int_in_range(0..=MS_2100 - 1)?;
    DateTime::from_timestamp_millis(ms).ok_or(Error::IncorrectFormat)
}

/// A date between 1900-01-01 and 2200-12-31.
pub fn date(u: &mut Unstructured<'_>) -> Result<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).ok_or(Error::IncorrectFormat)?;
    let last = NaiveDate::from_ymd_opt(2200, 12, 31).ok_or(Error::IncorrectFormat)?;
    let days = u.int_in_range(0..=(last - first).num_days())?;
    first.checked_add_signed(chrono::TimeDelta::days(days)).ok_or(Error::IncorrectFormat)
}

pub fn opt_date(u: &mut Unstructured<'_>) -> Result<Option<NaiveDate>> {
    optional(u, date)
}

fn optional<T>(u: &mut Unstructured<'_>, f: impl FnOnce(&mut Unstructured<'_>) -> Result<T>) -> Result<Option<T>> {
    if u.arbitrary()? {
        Ok(Some(f(u)?))
    } else {
        Ok(None)
    }
}

fn digits(u: &mut Unstructured<'_>, n: usize) -> Result<Vec<u8>> {
    (0..n).map(|_| u.int_in_range(0..=9u8)).collect()
}

fn text_of(digits: &[u8]) -> String {
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

fn chars_from(u: &mut Unstructured<'_>, alphabet: &[u8], min: usize, max: usize) -> Result<String> {
    let n = u.int_in_range(min..=max)?;
    (0..n).map(|_| u.choose(alphabet).map(|&b| char::from(b))).collect()
}

/// A valid SIREN, sometimes written with spaces (`732 829 320`).
pub fn siren(u: &mut Unstructured<'_>) -> Result<String> {
    let mut d = digits(u, 8)?;
    d.push(luhn_check_digit(&d));
    let s = text_of(&d);
    Ok(if u.arbitrary()? { format!("{} {} {}", &s[..3], &s[3..6], &s[6..]) } else { s })
}

pub fn opt_siren(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    optional(u, siren)
}

/// A valid SIRET of an establishment of `siren` (spaces in `siren` are ignored).
pub fn siret_for(u: &mut Unstructured<'_>, siren: &str) -> Result<String> {
    let mut d: Vec<u8> = siren.chars().filter_map(|c| c.to_digit(10)).map(|d| d as u8).collect();
    d.extend(digits(u, 4)?);
    d.push(luhn_check_digit(&d));
    Ok(text_of(&d))
}

/// A valid SIRET; now and then one of La Poste, which follows its own rule.
pub fn siret(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1u8, 8u8)? {
        let mut d = vec![3, 5, 6, 0, 0, 0, 0, 0, 0];
        d.extend(digits(u, 4)?);
        let sum: u32 = d.iter().map(|&x| u32::from(x)).sum();
        // The last digit that brings the sum of digits to a multiple of 5.
        let mut last = ((5 - sum % 5) % 5) as u8;
        if u.arbitrary()? {
            last += 5;
        }
        d.push(last);
        return Ok(text_of(&d));
    }
    let s = siren(u)?;
    siret_for(u, &s)
}

pub fn opt_siret(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    optional(u, siret)
}

/// A NAF code, with or without its dot.
pub fn naf(u: &mut Unstructured<'_>) -> Result<String> {
    let d = text_of(&digits(u, 4)?);
    let letter = char::from(u.int_in_range(b'A'..=b'Z')?);
    Ok(if u.arbitrary()? { format!("{}.{}{letter}", &d[..2], &d[2..]) } else { format!("{d}{letter}") })
}

pub fn opt_naf(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    optional(u, naf)
}

const LOWER_DIGITS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

pub fn email(u: &mut Unstructured<'_>) -> Result<String> {
    let local = chars_from(u, b"abcdefghijklmnopqrstuvwxyz0123456789._-+", 1, 16)?;
    let label = chars_from(u, LOWER_DIGITS, 1, 12)?;
    let tld = chars_from(u, b"abcdefghijklmnopqrstuvwxyz", 2, 6)?;
    Ok(format!("{local}@{label}.{tld}"))
}

pub fn opt_email(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    optional(u, email)
}

/// A French national number in one of its usual spellings, or an international one.
pub fn phone(u: &mut Unstructured<'_>) -> Result<String> {
    if u.arbitrary()? {
        let n = u.int_in_range(8..=15usize)?;
        return Ok(format!("+{}", text_of(&digits(u, n)?)));
    }
    let mut d = vec![0];
    d.extend(digits(u, 9)?);
    let sep = *u.choose(&["", " ", "."])?;
    let pairs: Vec<String> = d.chunks(2).map(text_of).collect();
    Ok(pairs.join(sep))
}

pub fn opt_phone(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    optional(u, phone)
}

pub fn url(u: &mut Unstructured<'_>) -> Result<String> {
    let scheme = *u.choose(&["https", "http"])?;
    let host = chars_from(u, LOWER_DIGITS, 1, 16)?;
    let tld = chars_from(u, b"abcdefghijklmnopqrstuvwxyz", 2, 6)?;
    let path = chars_from(u, b"abcdefghijklmnopqrstuvwxyz0123456789/-_.?=&", 0, 24)?;
    Ok(format!("{scheme}://{host}.{tld}/{path}"))
}

pub fn opt_url(u: &mut Unstructured<'_>) -> Result<Option<String>> {
    optional(u, url)
}

/// Empty or 5 digits: valid whatever the country.
pub fn postcode(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(if u.arbitrary()? { text_of(&digits(u, 5)?) } else { String::new() })
}

/// A 2-capital-letter code, `FR` half of the time.
pub fn country(u: &mut Unstructured<'_>) -> Result<String> {
    if u.arbitrary()? {
        return Ok("FR".to_string());
    }
    let a = char::from(u.int_in_range(b'A'..=b'Z')?);
    let b = char::from(u.int_in_range(b'A'..=b'Z')?);
    Ok(format!("{a}{b}"))
}

pub fn country_or_empty(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(optional(u, country)?.unwrap_or_default())
}

/// A retention amount, at least 1.
pub fn amount(u: &mut Unstructured<'_>) -> Result<u32> {
    u.int_in_range(1..=u32::MAX)
}

/// A security-guide sheet number, 1 to 25, or none.
pub fn opt_sheet(u: &mut Unstructured<'_>) -> Result<Option<u8>> {
    optional(u, |u| u.int_in_range(1..=super::measure::SECURITY_GUIDE_SHEETS))
}

impl<'a> Arbitrary<'a> for Organisation {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let siren = opt_siren(u)?;
        let siret = match &siren {
            Some(s) => optional(u, |u| siret_for(u, s))?,
            None => opt_siret(u)?,
        };
        let public_body: bool = u.arbitrary()?;
        let public_body_kind = if public_body { u.arbitrary()? } else { None };
        Ok(Organisation {
            id: u.arbitrary()?,
            created_at: timestamp(u)?,
            updated_at: timestamp(u)?,
            legal_name: name(u)?,
            trade_name: u.arbitrary()?,
            legal_form: u.arbitrary()?,
            siren,
            siret,
            naf: opt_naf(u)?,
            address: u.arbitrary()?,
            phone: opt_phone(u)?,
            email: opt_email(u)?,
            website: opt_url(u)?,
            sector: u.arbitrary()?,
            public_body,
            public_body_kind,
            headcount: u.arbitrary()?,
            population: u.arbitrary()?,
            legal_representative: u.arbitrary()?,
            dpo: u.arbitrary()?,
            cnil_contact: u.arbitrary()?,
            eu_representative: u.arbitrary()?,
            relationship: u.arbitrary()?,
            notes: u.arbitrary()?,
        })
    }
}

/// A score per mille (0 to 1000), or none.
fn opt_per_mille(u: &mut Unstructured<'_>) -> Result<Option<u16>> {
    optional(u, |u| u.int_in_range(0..=1000u16))
}

impl<'a> Arbitrary<'a> for ScoreSnapshot {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let applicable: u16 = u.int_in_range(0..=400)?;
        let done = u.int_in_range(0..=applicable)?;
        let partial = u.int_in_range(0..=applicable - done)?;
        let mut per_chapter = Vec::new();
        for _ in 0..u.int_in_range(0..=6usize)? {
            per_chapter.push(ChapterScoreValue { chapter: u.arbitrary()?, per_mille: opt_per_mille(u)? });
        }
        let mut per_sheet = Vec::new();
        for _ in 0..u.int_in_range(0..=25usize)? {
            per_sheet.push(SheetScoreValue { sheet: u.int_in_range(1..=25)?, per_mille: opt_per_mille(u)? });
        }
        Ok(ScoreSnapshot {
            taken_at: timestamp(u)?,
            reason: u.arbitrary()?,
            overall: opt_per_mille(u)?,
            applicable,
            done,
            partial,
            optional_done: u.arbitrary()?,
            per_chapter,
            per_sheet,
            note: u.arbitrary()?,
        })
    }
}

/// An assessment whose item and don't ids come from the guide, each answered once, with
/// a reason for every « Non applicable ».
impl<'a> Arbitrary<'a> for SecurityAssessment {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let g = crate::security::guide::guide();
        let items: Vec<&str> = g.items().map(|(_, i)| i.id.as_str()).collect();
        let donts: Vec<&str> = g.sheets.iter().flat_map(|s| s.donts.iter().map(|d| d.id.as_str())).collect();
        let mut profile = Vec::new();
        for &key in ProfileKey::ALL {
            if u.arbitrary()? {
                profile.push(ProfileAnswer { key, answer: u.arbitrary()? });
            }
        }
        let mut answers: Vec<ItemAnswer> = Vec::new();
        for _ in 0..u.int_in_range(0..=40usize)? {
            let item_id = *u.choose(&items)?;
            if answers.iter().any(|a| a.item_id == item_id) {
                continue;
            }
            let status: AnswerStatus = u.arbitrary()?;
            let na_reason = if status == AnswerStatus::NotApplicable { name(u)? } else { u.arbitrary()? };
            answers.push(ItemAnswer {
                item_id: item_id.to_string(),
                status,
                na_reason,
                comment: u.arbitrary()?,
                evidence: u.arbitrary()?,
                owner: u.arbitrary()?,
                due_date: opt_date(u)?,
                priority: u.arbitrary()?,
            });
        }
        let mut donts_present: Vec<String> = Vec::new();
        for _ in 0..u.int_in_range(0..=5usize)? {
            let d = *u.choose(&donts)?;
            if !donts_present.iter().any(|x| x == d) {
                donts_present.push(d.to_string());
            }
        }
        Ok(SecurityAssessment {
            id: u.arbitrary()?,
            created_at: timestamp(u)?,
            updated_at: timestamp(u)?,
            guide_edition: crate::security::guide::GUIDE_EDITION.to_string(),
            profile,
            answers,
            donts_present,
            snapshots: u.arbitrary()?,
        })
    }
}

/// Each value of `all` at most once, in a random order, kept with probability 1/2.
fn subset<T: Copy>(u: &mut Unstructured<'_>, all: &[T]) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for &v in all {
        if u.arbitrary()? {
            out.push(v);
        }
    }
    // a random rotation: stored order is not display order
    if !out.is_empty() {
        let k = u.int_in_range(0..=out.len() - 1)?;
        out.rotate_left(k);
    }
    Ok(out)
}

/// An id of the CNIL lists, `prefix-01` to `prefix-NN`.
fn list_id(u: &mut Unstructured<'_>, prefix: &str, count: u8) -> Result<Option<String>> {
    optional(u, |u| Ok(format!("{prefix}-{:02}", u.int_in_range(1..=count)?)))
}

/// A screening whose criteria are answered once each and that justifies ruling an AIPD
/// out despite two criteria met.
impl<'a> Arbitrary<'a> for AipdScreening {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut criteria = Vec::new();
        for c in subset(u, &AipdCriterion::ALL)? {
            criteria.push(CriterionAnswer { criterion: c, met: u.arbitrary()?, comment: u.arbitrary()? });
        }
        let conclusion: Option<ScreeningConclusion> = u.arbitrary()?;
        let ruled_out =
            conclusion == Some(ScreeningConclusion::NotRequired) && criteria.iter().filter(|c| c.met).count() >= 2;
        Ok(AipdScreening {
            id: u.arbitrary()?,
            created_at: timestamp(u)?,
            updated_at: timestamp(u)?,
            processing: u.arbitrary()?,
            not_required_type: list_id(u, "nr", 12)?,
            required_type: list_id(u, "r", 14)?,
            not_required_reviewed: u.arbitrary()?,
            required_reviewed: u.arbitrary()?,
            art35_cases: subset(u, Art35Case::ALL)?,
            criteria,
            conclusion,
            justification: if ruled_out { name(u)? } else { u.arbitrary()? },
            dpo_view: if ruled_out { name(u)? } else { u.arbitrary()? },
            decided_by: u.arbitrary()?,
            decided_on: opt_date(u)?,
        })
    }
}

/// An evaluation, with the comment « À corriger » requires.
fn opt_evaluation(u: &mut Unstructured<'_>) -> Result<Option<Evaluation>> {
    optional(u, |u| {
        let rating: Rating = u.arbitrary()?;
        Ok(Evaluation {
            rating,
            comment: if rating == Rating::ToCorrect { name(u)? } else { u.arbitrary()? },
            evaluator: u.arbitrary()?,
            evaluated_on: opt_date(u)?,
        })
    })
}

fn estimate(u: &mut Unstructured<'_>) -> Result<Estimate> {
    Ok(Estimate {
        severity: u.arbitrary()?,
        severity_justification: u.arbitrary()?,
        likelihood: u.arbitrary()?,
        likelihood_justification: u.arbitrary()?,
    })
}

fn short_texts(u: &mut Unstructured<'_>) -> Result<Vec<String>> {
    (0..u.int_in_range(0..=3usize)?).map(|_| u.arbitrary()).collect()
}

/// Where a measure comes from; checklist items are real ones of the guide.
fn measure_origin(u: &mut Unstructured<'_>) -> Result<MeasureOrigin> {
    Ok(match u.int_in_range(0..=3u8)? {
        0 => MeasureOrigin::Free,
        1 => {
            let items: Vec<&str> = crate::security::guide::guide().items().map(|(_, i)| i.id.as_str()).collect();
            MeasureOrigin::SecurityItem { item_id: u.choose(&items)?.to_string() }
        }
        2 => MeasureOrigin::Measure { measure_id: u.arbitrary()? },
        _ => MeasureOrigin::KnowledgeBase {
            entry_id: format!("kb-{}", chars_from(u, b"abcdefghijklmnopqrstuvwxyz-", 1, 16)?),
        },
    })
}

/// An analysis whose inner links resolve (risks to its measures, actions to its parts),
/// whose inner ids are unique, where every « Améliorable » part has a corrective action and
/// a « Validée » one carries its validation with the four commitments.
impl<'a> Arbitrary<'a> for Aipd {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut seen = HashSet::new();
        let mut fresh = |id: Uuid| {
            let mut id = id;
            while !seen.insert(id) {
                id = Uuid::from_u128(id.as_u128().wrapping_add(1));
            }
            id
        };
        let mut processings: Vec<Uuid> = u.arbitrary()?;
        let mut unique = HashSet::new();
        processings.retain(|id| unique.insert(*id));

        let mut answers = Vec::new();
        for key in subset(u, ContextKey::ALL)? {
            answers.push(ContextAnswer { key, text: u.arbitrary()? });
        }
        let context =
            AipdContext { answers, overview_evaluation: opt_evaluation(u)?, data_evaluation: opt_evaluation(u)? };
        let mut principles = Vec::new();
        for key in subset(u, PrincipleKey::ALL)? {
            principles.push(PrincipleAnswer {
                key,
                text: u.arbitrary()?,
                not_applicable: u.arbitrary()?,
                evaluation: opt_evaluation(u)?,
            });
        }
        let mut measures = Vec::new();
        for _ in 0..u.int_in_range(0..=5usize)? {
            measures.push(AipdMeasure {
                id: fresh(u.arbitrary()?),
                title: name(u)?,
                description: u.arbitrary()?,
                family: u.arbitrary()?,
                phase: u.arbitrary()?,
                origin: measure_origin(u)?,
                evaluation: opt_evaluation(u)?,
            });
        }
        let measure_ids: Vec<Uuid> = measures.iter().map(|m| m.id).collect();
        let mut risks = Vec::new();
        for event in subset(u, FearedEvent::ALL)? {
            risks.push(Risk { id: fresh(u.arbitrary()?), ..Risk::feared(event) });
        }
        for _ in 0..u.int_in_range(0..=2usize)? {
            risks.push(Risk { id: fresh(u.arbitrary()?), ..Risk::custom(name(u)?) });
        }
        for r in &mut risks {
            r.label = u.arbitrary()?;
            r.impacts = short_texts(u)?;
            r.threats = short_texts(u)?;
            r.sources = short_texts(u)?;
            r.measures = subset(u, &measure_ids)?;
            r.inherent = estimate(u)?;
            r.initial = estimate(u)?;
            r.residual = estimate(u)?;
            r.evaluation = opt_evaluation(u)?;
        }
        let mut parts = vec![PartRef::General];
        parts.extend(ContextPart::ALL.iter().map(|&part| PartRef::Context { part }));
        parts.extend(PrincipleKey::ALL.iter().map(|&key| PartRef::Principle { key }));
        parts.extend(measure_ids.iter().map(|&id| PartRef::Measure { id }));
        parts.extend(risks.iter().map(|r| PartRef::Risk { id: r.id }));
        let mut actions = Vec::new();
        for _ in 0..u.int_in_range(0..=4usize)? {
            actions.push(CorrectiveAction {
                id: fresh(u.arbitrary()?),
                part: u.choose(&parts)?.clone(),
                title: name(u)?,
                details: u.arbitrary()?,
                owner: u.arbitrary()?,
                due_date: opt_date(u)?,
                status: u.arbitrary()?,
                done_on: opt_date(u)?,
            });
        }
        let status: AipdStatus = u.arbitrary()?;
        let validation = if status == AipdStatus::Validated || u.ratio(1u8, 4u8)? {
            Some(Validation {
                validator: name(u)?,
                role: u.arbitrary()?,
                validated_on: date(u)?,
                context_accurate: true,
                risks_known: true,
                measures_approved: true,
                commitment: true,
                comment: u.arbitrary()?,
            })
        } else {
            None
        };
        let mut refusals = Vec::new();
        for _ in 0..u.int_in_range(0..=2usize)? {
            refusals.push(Refusal {
                by: u.arbitrary()?,
                refused_on: date(u)?,
                reason: name(u)?,
                changes: u.arbitrary()?,
            });
        }
        let sought: Option<bool> = u.arbitrary()?;
        let mut import_notes = Vec::new();
        for _ in 0..u.int_in_range(0..=2usize)? {
            import_notes.push(ImportNote { source: u.arbitrary()?, text: u.arbitrary()? });
        }
        let mut a = Aipd {
            id: u.arbitrary()?,
            created_at: timestamp(u)?,
            updated_at: timestamp(u)?,
            title: name(u)?,
            processings,
            status,
            version: u.int_in_range(1..=40)?,
            previous_version: u.arbitrary()?,
            author: u.arbitrary()?,
            evaluator: u.arbitrary()?,
            validator: u.arbitrary()?,
            context,
            principles,
            measures,
            risks,
            actions,
            dpo: DpoOpinion {
                no_dpo: u.arbitrary()?,
                name: u.arbitrary()?,
                opinion: u.arbitrary()?,
                text: u.arbitrary()?,
                given_on: opt_date(u)?,
            },
            data_subjects: DataSubjectsOpinion {
                sought,
                names: u.arbitrary()?,
                opinion: u.arbitrary()?,
                text: u.arbitrary()?,
                not_sought_reason: if sought == Some(false) { name(u)? } else { u.arbitrary()? },
            },
            validation,
            refusals,
            import_notes,
        };
        // « Améliorable » needs a corrective action for its part
        let missing: Vec<PartRef> = a
            .evaluations()
            .into_iter()
            .filter(|(part, _, e)| {
                e.is_some_and(|e| e.rating == Rating::Improvable) && !a.actions.iter().any(|x| &x.part == part)
            })
            .map(|(part, _, _)| part)
            .collect();
        for part in missing {
            let action = CorrectiveAction { id: fresh(u.arbitrary()?), ..CorrectiveAction::new(part, name(u)?) };
            a.actions.push(action);
        }
        Ok(a)
    }
}

/// A breach whose dates are in order (start ≤ awareness, end ≥ start, notifications after
/// awareness, the initial one first), whose « Non » decisions carry their reasoning and
/// whose numbers are plausible.
impl<'a> Arbitrary<'a> for Breach {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        // awareness between 1970 and 2090, so that what follows stays before 2100
        let aware_at = DateTime::from_timestamp_millis(u.int_in_range(0..=MS_2100 - 400 * 86_400_000)?)
            .ok_or(Error::IncorrectFormat)?;
        let day = chrono::TimeDelta::days(1);
        let started_on =
            if u.arbitrary()? { aware_at.date_naive().checked_sub_signed(day * u.int_in_range(0..=60)?) } else { None };
        let ended_on = match started_on {
            Some(s) if u.arbitrary()? => s.checked_add_signed(day * u.int_in_range(0..=90)?),
            _ => None,
        };
        let mut natures = subset(u, BreachNature::ALL)?;
        natures.dedup();
        let mut processings: Vec<Uuid> = u.arbitrary()?;
        let mut unique = HashSet::new();
        processings.retain(|id| unique.insert(*id));
        let notify_cnil: Decision = u.arbitrary()?;
        let inform_persons: Decision = u.arbitrary()?;
        let mut notifications = Vec::new();
        if notify_cnil != Decision::No {
            let mut t = aware_at;
            for i in 0..u.int_in_range(0..=3usize)? {
                t += chrono::TimeDelta::minutes(u.int_in_range(0..=20_000)?);
                notifications.push(Notification {
                    kind: if i == 0 { NotificationKind::Initial } else { NotificationKind::Complementary },
                    sent_at: t,
                    reference: u.arbitrary()?,
                    note: u.arbitrary()?,
                });
            }
        }
        Ok(Breach {
            id: u.arbitrary()?,
            created_at: timestamp(u)?,
            updated_at: timestamp(u)?,
            title: name(u)?,
            status: u.arbitrary()?,
            started_on,
            started_time: match started_on {
                Some(_) if u.arbitrary()? => {
                    chrono::NaiveTime::from_num_seconds_from_midnight_opt(60 * u.int_in_range(0..=1439u32)?, 0)
                }
                _ => None,
            },
            aware_at,
            ended_on,
            natures,
            origin: u.arbitrary()?,
            cause: u.arbitrary()?,
            origin_details: u.arbitrary()?,
            circumstances: u.arbitrary()?,
            data_categories: subset(u, DataCategory::ALL)?,
            special_categories: subset(u, SpecialCategory::ALL)?,
            data_details: u.arbitrary()?,
            person_categories: u.arbitrary()?,
            persons_count: optional(u, |u| u.int_in_range(1..=MAX_PERSONS))?,
            records_count: optional(u, |u| u.int_in_range(0..=MAX_RECORDS))?,
            processings,
            consequences: u.arbitrary()?,
            risk: estimate(u)?,
            measures_taken: short_texts(u)?,
            measures_planned: short_texts(u)?,
            notify_cnil,
            notify_reasoning: if notify_cnil == Decision::No { name(u)? } else { u.arbitrary()? },
            inform_persons,
            inform_reasoning: if inform_persons == Decision::No { name(u)? } else { u.arbitrary()? },
            inform_exception: u.arbitrary()?,
            notifications,
            delay_reasons: u.arbitrary()?,
        })
    }
}

impl<'a> Arbitrary<'a> for OrganisationBundle {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut b = OrganisationBundle {
            organisation: u.arbitrary()?,
            processings: u.arbitrary()?,
            processor_activities: u.arbitrary()?,
            third_parties: u.arbitrary()?,
            measures: u.arbitrary()?,
            // at most one per organisation
            security_assessments: if u.arbitrary()? { vec![u.arbitrary()?] } else { Vec::new() },
            aipd_screenings: u.arbitrary()?,
            aipds: if u.ratio(1u8, 2u8)? {
                (0..u.int_in_range(1..=3usize)?).map(|_| u.arbitrary()).collect::<Result<_>>()?
            } else {
                Vec::new()
            },
            breaches: if u.ratio(1u8, 3u8)? {
                (0..u.int_in_range(1..=2usize)?).map(|_| u.arbitrary()).collect::<Result<_>>()?
            } else {
                Vec::new()
            },
        };
        repair(&mut b);
        Ok(b)
    }
}

/// Makes ids unique and points every reference at a record of the right kind (or drops
/// it when the bundle has none).
fn repair(b: &mut OrganisationBundle) {
    let mut seen = HashSet::new();
    let mut fresh = |id: &mut Uuid| {
        while !seen.insert(*id) {
            *id = Uuid::from_u128(id.as_u128().wrapping_add(1));
        }
    };
    fresh(&mut b.organisation.id);
    b.processings.iter_mut().for_each(|r| fresh(&mut r.id));
    b.processor_activities.iter_mut().for_each(|r| fresh(&mut r.id));
    b.third_parties.iter_mut().for_each(|r| fresh(&mut r.id));
    b.measures.iter_mut().for_each(|r| fresh(&mut r.id));
    b.security_assessments.iter_mut().for_each(|r| fresh(&mut r.id));
    b.aipd_screenings.iter_mut().for_each(|r| fresh(&mut r.id));
    b.aipds.iter_mut().for_each(|r| fresh(&mut r.id));
    b.breaches.iter_mut().for_each(|r| fresh(&mut r.id));

    let third_parties: Vec<Uuid> = b.third_parties.iter().map(|t| t.id).collect();
    let measures: Vec<Uuid> = b.measures.iter().map(|m| m.id).collect();
    let pick = |id: Uuid, pool: &[Uuid]| -> Option<Uuid> {
        if pool.is_empty() || pool.contains(&id) {
            pool.contains(&id).then_some(id)
        } else {
            Some(pool[(id.as_u128() % pool.len() as u128) as usize])
        }
    };
    for p in &mut b.processings {
        for r in &mut p.recipients {
            r.third_party = r.third_party.and_then(|id| pick(id, &third_parties));
        }
        p.security.measures = p.security.measures.iter().filter_map(|&id| pick(id, &measures)).collect();
    }
    for a in &mut b.processor_activities {
        for c in &mut a.clients {
            c.third_party = c.third_party.and_then(|id| pick(id, &third_parties));
        }
        a.sub_processors = a.sub_processors.iter().filter_map(|&id| pick(id, &third_parties)).collect();
        a.security.measures = a.security.measures.iter().filter_map(|&id| pick(id, &measures)).collect();
    }
    // one screening per processing, of a processing present
    let processings: Vec<Uuid> = b.processings.iter().map(|p| p.id).collect();
    let mut screened = HashSet::new();
    b.aipd_screenings.retain_mut(|s| match pick(s.processing, &processings) {
        Some(p) if screened.insert(p) => {
            s.processing = p;
            true
        }
        _ => false,
    });
    // an analysis covers processings present, uses measure records present, and follows an
    // earlier analysis of the bundle (never itself: versions form no loop)
    let aipd_ids: Vec<Uuid> = b.aipds.iter().map(|a| a.id).collect();
    for (i, a) in b.aipds.iter_mut().enumerate() {
        let mut covered = HashSet::new();
        a.processings =
            a.processings.iter().filter_map(|&id| pick(id, &processings)).filter(|id| covered.insert(*id)).collect();
        for m in &mut a.measures {
            if let MeasureOrigin::Measure { measure_id } = m.origin {
                m.origin = match pick(measure_id, &measures) {
                    Some(measure_id) => MeasureOrigin::Measure { measure_id },
                    None => MeasureOrigin::Free,
                };
            }
        }
        a.previous_version = a.previous_version.and_then(|id| pick(id, &aipd_ids[..i]));
    }
    for br in &mut b.breaches {
        let mut involved = HashSet::new();
        br.processings =
            br.processings.iter().filter_map(|&id| pick(id, &processings)).filter(|id| involved.insert(*id)).collect();
    }
}

#[cfg(all(test, feature = "arbitrary"))]
mod tests {
    use std::fmt::Debug;

    use serde::{de::DeserializeOwned, Serialize};

    use super::*;
    use crate::model::{Measure, Problem, Processing, ProcessorActivity, Record, ThirdParty};

    /// Marsaglia's xorshift64: enough randomness to feed `Unstructured`, no dependency.
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }

        fn fill(&mut self, buf: &mut [u8]) {
            for chunk in buf.chunks_mut(8) {
                let bytes = self.next().to_le_bytes();
                chunk.copy_from_slice(&bytes[..chunk.len()]);
            }
        }
    }

    const VALUES: usize = 2_000;

    /// Builds `VALUES` random values of `T`, checks each is valid and reads back equal.
    /// Returns them for further statistics.
    fn check_type<T>(seed: u64, validate: impl Fn(&T) -> Vec<Problem>) -> Vec<T>
    where
        T: for<'a> Arbitrary<'a> + Serialize + DeserializeOwned + PartialEq + Debug,
    {
        let mut rng = XorShift(seed);
        let mut out = Vec::with_capacity(VALUES);
        let mut short_inputs = 0;
        for i in 0..VALUES {
            // Derived impls refuse to build nested values once the bytes run out: start
            // again with more bytes when that happens.
            let mut len = 64 + (rng.next() % 4_096) as usize;
            let value = loop {
                let mut buf = vec![0u8; len];
                rng.fill(&mut buf);
                match T::arbitrary(&mut Unstructured::new(&buf)) {
                    Ok(v) => break v,
                    Err(arbitrary::Error::NotEnoughData) if len < 1 << 20 => {
                        short_inputs += 1;
                        len *= 2;
                    }
                    Err(e) => panic!("value {i}: {e}"),
                }
            };
            let problems = validate(&value);
            assert!(problems.is_empty(), "value {i} is invalid: {problems:#?}\n{value:#?}");
            let json = serde_json::to_string(&value).expect("serializes");
            let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("value {i}: {e}\n{json}"));
            assert_eq!(back, value, "value {i} changed in a JSON round trip");
            out.push(value);
        }
        assert!(short_inputs < 4 * VALUES, "too many inputs were too short: {short_inputs}");
        out
    }

    #[test]
    fn random_organisations_are_valid_and_round_trip() {
        let all = check_type::<Organisation>(0x9E37_79B9_7F4A_7C15, Organisation::validate);
        assert!(all.iter().filter(|o| o.siret.is_some() && o.siren.is_some()).count() > 100);
        assert!(all.iter().filter(|o| o.dpo.public_contact.email.is_some()).count() > 100);
    }

    #[test]
    fn random_processings_are_valid_and_round_trip() {
        let all = check_type::<Processing>(0xD1B5_4A32_D192_ED03, Processing::validate);
        assert!(all.iter().filter(|p| !p.data_categories.is_empty()).count() > 100);
    }

    #[test]
    fn random_processor_activities_are_valid_and_round_trip() {
        check_type::<ProcessorActivity>(0x94D0_49BB_1331_11EB, ProcessorActivity::validate);
    }

    #[test]
    fn random_third_parties_are_valid_and_round_trip() {
        check_type::<ThirdParty>(0xBF58_476D_1CE4_E5B9, ThirdParty::validate);
    }

    #[test]
    fn random_measures_are_valid_and_round_trip() {
        let all = check_type::<Measure>(0x2545_F491_4F6C_DD1D, Measure::validate);
        assert!(all.iter().any(|m| m.sheet == Some(25)));
    }

    #[test]
    fn random_security_assessments_are_valid_and_round_trip() {
        let all = check_type::<SecurityAssessment>(0x3C6E_F372_FE94_F82B, SecurityAssessment::validate);
        assert!(all.iter().any(|a| a.answers.iter().any(|x| x.status == AnswerStatus::NotApplicable)));
        assert!(all.iter().any(|a| !a.snapshots.is_empty() && !a.donts_present.is_empty()));
    }

    #[test]
    fn random_screenings_are_valid_and_round_trip() {
        let all = check_type::<AipdScreening>(0x1405_7B7E_F767_814F, AipdScreening::validate);
        let ruled_out = all
            .iter()
            .filter(|s| s.conclusion == Some(ScreeningConclusion::NotRequired) && s.criteria_met() >= 2)
            .count();
        assert!(ruled_out > 20, "the justified « non requise » case should come up: {ruled_out}");
        assert!(all.iter().any(|s| s.criteria.len() == 9 && !s.art35_cases.is_empty()));
        schema_accepts::<AipdScreening>(&all);
    }

    #[test]
    fn random_aipds_are_valid_and_round_trip() {
        let all = check_type::<Aipd>(0x9FB2_1C65_1E98_DF25, Aipd::validate);
        let count = |f: &dyn Fn(&Aipd) -> bool| all.iter().filter(|a| f(a)).count();
        assert!(count(&|a| a.status == AipdStatus::Validated) > 100);
        assert!(count(&|a| a.risks.iter().any(|r| !r.measures.is_empty())) > 100, "risks link to measures");
        assert!(
            count(&|a| a.evaluations().iter().any(|(_, _, e)| e.is_some_and(|e| e.rating == Rating::Improvable))) > 100,
            "« Améliorable » with its action"
        );
        assert!(count(&|a| a.actions.iter().any(|x| matches!(x.part, PartRef::Risk { .. }))) > 50);
        assert!(count(&|a| a.risks.iter().any(|r| r.event.is_none())) > 100, "custom risks");
        schema_accepts::<Aipd>(&all);
        // the workflow's rules never panic on them, and stay in range
        for a in &all {
            let p = crate::aipd::workflow::progress(a);
            assert!(p.percent <= 100);
            assert_eq!(p.ready_for_validation, p.gaps.is_empty());
            assert_eq!(p.percent == 100, p.gaps.is_empty(), "{p:#?}");
        }
    }

    #[test]
    fn random_breaches_are_valid_and_round_trip() {
        let all = check_type::<Breach>(0x7A3B_9D21_C4E8_0F61, Breach::validate);
        let count = |f: &dyn Fn(&Breach) -> bool| all.iter().filter(|b| f(b)).count();
        assert!(count(&|b| b.notifications.len() >= 2) > 100, "complementary notifications");
        assert!(count(&|b| b.ended_on.is_some()) > 100, "ended breaches");
        assert!(count(&|b| b.notify_cnil == Decision::No) > 100, "« non » with reasoning");
        schema_accepts::<Breach>(&all);
    }

    /// The JSON Schema (for other tools) agrees with what serde writes, on 300 values.
    fn schema_accepts<T: Serialize + schemars::JsonSchema>(values: &[T]) {
        let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        for (i, v) in values.iter().enumerate().take(300) {
            let json = serde_json::to_value(v).unwrap();
            let errors: Vec<String> =
                validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "value {i}: {errors:#?}");
        }
    }

    #[test]
    fn random_bundles_are_valid_and_round_trip() {
        let all = check_type::<OrganisationBundle>(0x5851_F42D_4C95_7F2D, OrganisationBundle::validate);
        let linked = all.iter().flat_map(|b| &b.processings).filter(|p| !p.references().is_empty()).count();
        assert!(all.iter().any(|b| b.security_assessments.len() == 1));
        assert!(linked > 0, "some random processings should link to other records");
        assert!(all.iter().filter(|b| !b.aipd_screenings.is_empty()).count() > 100, "bundles with screenings");
        assert!(all.iter().filter(|b| !b.aipds.is_empty()).count() > 300, "bundles with analyses");
        let versions = all.iter().flat_map(|b| &b.aipds).filter(|a| a.previous_version.is_some()).count();
        assert!(versions > 50, "analyses following an earlier version: {versions}");
        let covering = all.iter().flat_map(|b| &b.aipds).filter(|a| !a.processings.is_empty()).count();
        assert!(covering > 100, "analyses covering processings: {covering}");
        assert!(all.iter().filter(|b| !b.breaches.is_empty()).count() > 200, "bundles with breaches");
        let involving = all.iter().flat_map(|b| &b.breaches).filter(|x| !x.processings.is_empty()).count();
        assert!(involving > 50, "breaches involving processings: {involving}");
        // The JSON Schema (for other tools) agrees with what serde writes.
        let schema = serde_json::to_value(schemars::schema_for!(OrganisationBundle)).unwrap();
        let validator = jsonschema::validator_for(&schema).expect("schema compiles");
        for (i, b) in all.iter().enumerate().take(300) {
            let json = serde_json::to_value(b).unwrap();
            let errors: Vec<String> =
                validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "bundle {i}: {errors:#?}");
        }
    }

    #[test]
    fn generated_identifiers_pass_their_rules() {
        use crate::model::validate;
        let mut rng = XorShift(42);
        let mut buf = vec![0u8; 1 << 16];
        rng.fill(&mut buf);
        let mut u = Unstructured::new(&buf);
        for _ in 0..500 {
            assert_eq!(validate::siren(&siren(&mut u).unwrap()), Ok(()));
            assert_eq!(validate::siret(&siret(&mut u).unwrap()), Ok(()));
            assert_eq!(validate::naf(&naf(&mut u).unwrap()), Ok(()));
            assert_eq!(validate::email(&email(&mut u).unwrap()), Ok(()));
            assert_eq!(validate::phone(&phone(&mut u).unwrap()), Ok(()));
            assert_eq!(validate::url(&url(&mut u).unwrap()), Ok(()));
            assert_eq!(validate::country_code(&country(&mut u).unwrap()), Ok(()));
        }
    }
}
