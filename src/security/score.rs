//! Scores of the security checklist: per sheet, per chapter and overall.
//!
//! A score is the share of the APPLICABLE essential precautions that are done: « Fait »
//! counts 1, « Partiel » counts ½, « À faire » and unanswered count 0. Items that do not
//! apply (profile or the user's « Non applicable ») are left out. Optional items « pour
//! aller plus loin » never enter the score; they are counted apart, with their own share.
//!
//! Chapters and the overall score pool their precautions (each precaution weighs the
//! same), rather than averaging sheet scores.
//!
//! Integer arithmetic, in per mille: `points = 2 × done + partial` over `2 × applicable`,
//! rounded to the nearest per mille, halves up — except that a score never rounds up to
//! 1000 while something remains to do, nor down to 0 once something is done. When nothing
//! applies there is no score (`None`), never 0 nor 1000.

use serde::Serialize;

use super::applicability::{item_applicability, sheet_applicability, Applicability};
use super::guide::{Guide, Item, ItemKind};
use crate::model::{AnswerStatus, SecurityAssessment};

/// Counts of one group of items by effective status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Items that apply = done + partial + todo + unanswered.
    pub applicable: u16,
    pub done: u16,
    pub partial: u16,
    pub todo: u16,
    /// Applicable items without an answer yet (count as not done).
    pub unanswered: u16,
    /// Items left out: profile or « Non applicable ».
    pub not_applicable: u16,
}

impl Tally {
    /// Counts one item of `status`; `None` = unanswered, `applies` from the profile.
    fn add(&mut self, applies: bool, status: Option<AnswerStatus>) {
        match (applies, status) {
            (false, _) | (true, Some(AnswerStatus::NotApplicable)) => self.not_applicable += 1,
            (true, Some(AnswerStatus::Done)) => {
                self.applicable += 1;
                self.done += 1
            }
            (true, Some(AnswerStatus::Partial)) => {
                self.applicable += 1;
                self.partial += 1
            }
            (true, Some(AnswerStatus::Todo)) => {
                self.applicable += 1;
                self.todo += 1
            }
            (true, None) => {
                self.applicable += 1;
                self.unanswered += 1
            }
        }
    }

    fn merge(&mut self, o: &Tally) {
        self.applicable += o.applicable;
        self.done += o.done;
        self.partial += o.partial;
        self.todo += o.todo;
        self.unanswered += o.unanswered;
        self.not_applicable += o.not_applicable;
    }

    /// Share done, per mille (rounding as in the module's documentation).
    pub fn per_mille(&self) -> Option<u16> {
        per_mille(2 * u32::from(self.done) + u32::from(self.partial), 2 * u32::from(self.applicable))
    }
}

/// `points / max` in per mille, rounded to nearest (halves up), never 1000 unless
/// `points == max` and never 0 unless `points == 0`; `None` when `max` is 0.
pub fn per_mille(points: u32, max: u32) -> Option<u16> {
    if max == 0 {
        return None;
    }
    let points = points.min(max);
    let rounded = (u64::from(points) * 1000 + u64::from(max) / 2) / u64::from(max);
    let v = if points < max { rounded.min(999) } else { 1000 };
    let v = if points > 0 { v.max(1) } else { 0 };
    Some(v as u16)
}

/// A score with its counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Share of applicable precautions done, per mille; `None` when none applies.
    pub per_mille: Option<u16>,
    pub precautions: Tally,
    /// Optional measures « pour aller plus loin », never in `per_mille`.
    pub optional: Tally,
    pub optional_per_mille: Option<u16>,
}

impl Score {
    fn from_tallies(precautions: Tally, optional: Tally) -> Score {
        Score { per_mille: precautions.per_mille(), precautions, optional, optional_per_mille: optional.per_mille() }
    }
}

/// One sheet's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SheetScore {
    pub sheet: u8,
    pub chapter: String,
    /// False when the profile makes the whole sheet « Non applicable ».
    pub applies: bool,
    pub score: Score,
}

/// One chapter's score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChapterScore {
    pub chapter: String,
    pub title_fr: String,
    pub title_en: String,
    pub score: Score,
}

/// Every score of an assessment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Scores {
    pub overall: Score,
    /// In the guide's order.
    pub chapters: Vec<ChapterScore>,
    /// Sheets 1 to 25.
    pub sheets: Vec<SheetScore>,
}

impl Scores {
    pub fn sheet(&self, number: u8) -> Option<&SheetScore> {
        self.sheets.iter().find(|s| s.sheet == number)
    }

    pub fn chapter(&self, id: &str) -> Option<&ChapterScore> {
        self.chapters.iter().find(|c| c.chapter == id)
    }
}

/// The answer status of `item` in `assessment` and whether its profile keys let it apply.
pub(crate) fn status_of(item: &Item, assessment: &SecurityAssessment) -> (bool, Option<AnswerStatus>) {
    let applies = item_applicability(item, &assessment.profile).applies();
    (applies, assessment.answer(&item.id).map(|a| a.status))
}

/// All the scores of `assessment` against `guide`.
pub fn scores(guide: &Guide, assessment: &SecurityAssessment) -> Scores {
    let mut sheets = Vec::with_capacity(guide.sheets.len());
    for sheet in &guide.sheets {
        let (mut p, mut o) = (Tally::default(), Tally::default());
        for item in &sheet.items {
            let (applies, status) = status_of(item, assessment);
            match item.kind {
                ItemKind::Precaution => p.add(applies, status),
                ItemKind::Optional => o.add(applies, status),
            }
        }
        sheets.push(SheetScore {
            sheet: sheet.number,
            chapter: sheet.chapter.clone(),
            applies: matches!(sheet_applicability(sheet, &assessment.profile), Applicability::Yes),
            score: Score::from_tallies(p, o),
        });
    }
    let mut chapters = Vec::with_capacity(guide.chapters.len());
    let (mut all_p, mut all_o) = (Tally::default(), Tally::default());
    for c in &guide.chapters {
        let (mut p, mut o) = (Tally::default(), Tally::default());
        for s in sheets.iter().filter(|s| s.chapter == c.id) {
            p.merge(&s.score.precautions);
            o.merge(&s.score.optional);
        }
        all_p.merge(&p);
        all_o.merge(&o);
        chapters.push(ChapterScore {
            chapter: c.id.clone(),
            title_fr: c.title_fr.clone(),
            title_en: c.title_en.clone(),
            score: Score::from_tallies(p, o),
        });
    }
    Scores { overall: Score::from_tallies(all_p, all_o), chapters, sheets }
}

/// A per mille score written in French: « 72,5 % », « 100 % », « sans objet ».
pub fn percent_fr(per_mille: Option<u16>) -> String {
    match per_mille {
        None => "sans objet".to_string(),
        Some(v) if v.is_multiple_of(10) => format!("{}\u{a0}%", v / 10),
        Some(v) => format!("{},{}\u{a0}%", v / 10, v % 10),
    }
}

/// The same in English: « 72.5% », « n/a ».
pub fn percent_en(per_mille: Option<u16>) -> String {
    match per_mille {
        None => "n/a".to_string(),
        Some(v) if v.is_multiple_of(10) => format!("{}%", v / 10),
        Some(v) => format!("{}.{}%", v / 10, v % 10),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding() {
        assert_eq!(per_mille(0, 0), None);
        assert_eq!(per_mille(0, 10), Some(0));
        assert_eq!(per_mille(10, 10), Some(1000));
        assert_eq!(per_mille(1, 2), Some(500));
        assert_eq!(per_mille(2, 3), Some(667)); // 666.67 → 667
        assert_eq!(per_mille(1, 3), Some(333));
        assert_eq!(per_mille(1, 16), Some(63)); // 62.5 → 63 (halves up)
                                                // never 1000 with something left, never 0 with something done
        assert_eq!(per_mille(2999, 3000), Some(999));
        assert_eq!(per_mille(1, 3000), Some(1));
        assert_eq!(per_mille(12, 10), Some(1000), "clamped");
    }

    #[test]
    fn percent_texts() {
        assert_eq!(percent_fr(Some(725)), "72,5\u{a0}%");
        assert_eq!(percent_fr(Some(1000)), "100\u{a0}%");
        assert_eq!(percent_fr(Some(0)), "0\u{a0}%");
        assert_eq!(percent_fr(None), "sans objet");
        assert_eq!(percent_en(Some(725)), "72.5%");
        assert_eq!(percent_en(None), "n/a");
    }
}
