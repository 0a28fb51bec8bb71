//! The history of scores: a dated snapshot at each validation of the assessment or on
//! request, stored in the assessment, and the progression they show (so that a DPO who
//! redoes the checklist a year later sees what moved).
//!
//! A snapshot keeps the scores as they were computed then (per mille), so later changes of
//! answers or of the profile never rewrite the past.

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::guide::{guide, Guide};
use super::score::{scores, Scores};
use crate::model::{ChapterScoreValue, ScoreSnapshot, SecurityAssessment, SheetScoreValue, SnapshotReason};
use crate::store::{Dossier, StoreError};

/// A snapshot of `scores`, taken at `at` for `reason`.
pub fn snapshot_of(scores: &Scores, reason: SnapshotReason, at: DateTime<Utc>, note: &str) -> ScoreSnapshot {
    let t = scores.overall.precautions;
    ScoreSnapshot {
        taken_at: at,
        reason,
        overall: scores.overall.per_mille,
        applicable: t.applicable,
        done: t.done,
        partial: t.partial,
        optional_done: scores.overall.optional.done,
        per_chapter: scores
            .chapters
            .iter()
            .map(|c| ChapterScoreValue { chapter: c.chapter.clone(), per_mille: c.score.per_mille })
            .collect(),
        per_sheet: scores
            .sheets
            .iter()
            .map(|s| SheetScoreValue { sheet: s.sheet, per_mille: s.score.per_mille })
            .collect(),
        note: note.trim().to_string(),
    }
}

/// Computes the scores now and appends a snapshot to `assessment`; returns it.
pub fn take_snapshot(
    guide: &Guide,
    assessment: &mut SecurityAssessment,
    reason: SnapshotReason,
    at: DateTime<Utc>,
    note: &str,
) -> ScoreSnapshot {
    let snap = snapshot_of(&scores(guide, assessment), reason, at, note);
    assessment.snapshots.push(snap.clone());
    assessment.snapshots.sort_by_key(|s| s.taken_at);
    snap
}

/// One point of the progression.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgressPoint {
    pub taken_at: DateTime<Utc>,
    pub reason: SnapshotReason,
    pub overall: Option<u16>,
    /// Change of the overall score since the previous point that had one, in per mille.
    pub change: Option<i32>,
    pub applicable: u16,
    pub done: u16,
    pub partial: u16,
    pub note: String,
}

/// One chapter's scores over the snapshots (one value per point, same order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChapterTrend {
    pub chapter: String,
    pub title_fr: String,
    pub title_en: String,
    pub values: Vec<Option<u16>>,
}

/// The progression of an assessment's scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Oldest first.
    pub points: Vec<ProgressPoint>,
    pub chapters: Vec<ChapterTrend>,
    /// Change of the overall score from the first to the last point with a score.
    pub first_to_last: Option<i32>,
}

/// The progression shown by `assessment`'s snapshots.
pub fn progression(guide: &Guide, assessment: &SecurityAssessment) -> Progress {
    let mut snaps: Vec<&ScoreSnapshot> = assessment.snapshots.iter().collect();
    snaps.sort_by_key(|s| s.taken_at);
    let mut previous: Option<u16> = None;
    let mut points = Vec::with_capacity(snaps.len());
    for s in &snaps {
        let change = match (previous, s.overall) {
            (Some(p), Some(v)) => Some(i32::from(v) - i32::from(p)),
            _ => None,
        };
        if s.overall.is_some() {
            previous = s.overall;
        }
        points.push(ProgressPoint {
            taken_at: s.taken_at,
            reason: s.reason,
            overall: s.overall,
            change,
            applicable: s.applicable,
            done: s.done,
            partial: s.partial,
            note: s.note.clone(),
        });
    }
    let chapters = guide
        .chapters
        .iter()
        .map(|c| ChapterTrend {
            chapter: c.id.clone(),
            title_fr: c.title_fr.clone(),
            title_en: c.title_en.clone(),
            values: snaps
                .iter()
                .map(|s| s.per_chapter.iter().find(|v| v.chapter == c.id).and_then(|v| v.per_mille))
                .collect(),
        })
        .collect();
    let scored: Vec<u16> = snaps.iter().filter_map(|s| s.overall).collect();
    let first_to_last = match (scored.first(), scored.last()) {
        (Some(a), Some(b)) if scored.len() >= 2 => Some(i32::from(*b) - i32::from(*a)),
        _ => None,
    };
    Progress { points, chapters, first_to_last }
}

/// Takes a snapshot of the organisation's assessment now (created if needed) and saves
/// it, audited; returns the assessment as stored.
pub fn record_snapshot(
    d: &mut Dossier,
    org: Uuid,
    reason: SnapshotReason,
    note: &str,
) -> Result<SecurityAssessment, StoreError> {
    let mut a = d.ensure_security_assessment(org)?;
    take_snapshot(guide(), &mut a, reason, crate::model::now(), note);
    d.save(org, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerStatus, Record};
    use chrono::TimeZone;

    #[test]
    fn snapshots_keep_the_past_and_show_the_change() {
        let g = guide();
        let mut a = SecurityAssessment::new();
        let y1 = Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap();
        let y2 = Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap();
        let first = take_snapshot(g, &mut a, SnapshotReason::Validation, y1, " Première évaluation ");
        assert_eq!(first.overall, Some(0));
        assert_eq!(first.note, "Première évaluation");
        assert_eq!(first.per_sheet.len(), 25);
        for (_, i) in g.items().filter(|(s, _)| s.number == 4) {
            a.set_status(g, &i.id, AnswerStatus::Done).unwrap();
        }
        let second = take_snapshot(g, &mut a, SnapshotReason::OnDemand, y2, "");
        assert!(second.overall.unwrap() > 0);
        assert_eq!(second.per_sheet[3].per_mille, Some(1000));
        assert_eq!(a.snapshots[0], first, "the first snapshot is unchanged");
        let p = progression(g, &a);
        assert_eq!(p.points.len(), 2);
        assert_eq!(p.points[0].change, None);
        assert_eq!(p.points[1].change, Some(i32::from(second.overall.unwrap())));
        assert_eq!(p.first_to_last, p.points[1].change);
        let users = p.chapters.iter().find(|c| c.chapter == "utilisateurs").unwrap();
        assert_eq!(users.values[0], Some(0));
        assert!(users.values[1].unwrap() > 0);
        assert!(a.validate().is_empty());
    }
}
