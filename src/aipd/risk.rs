//! The risk map « Cartographie des risques » and the high residual risk rule that decides
//! the prior consultation of the CNIL (Art. 36(1) GDPR).
//!
//! The rule is ours, documented and shown on the map: the CNIL gives no numeric formula
//! (the method plots each risk on the 4×4 grid and the controller decides). By default a
//! residual risk is high when its severity and its likelihood are both « Importante » or
//! above, or when its severity is « Maximale » — the top-right block of the grid plus the
//! top row, where the method says risks must be avoided or reduced.

use serde::Serialize;
use uuid::Uuid;

use crate::model::{Aipd, Estimate, Level, Risk};

/// The rule that makes a residual risk « élevé ».
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct HighRiskRule {
    /// Severity and likelihood both at or above this level make the risk high.
    pub both_at_least: Level,
    /// A severity at or above this level makes the risk high whatever its likelihood.
    pub severity_at_least: Level,
}

impl Default for HighRiskRule {
    fn default() -> Self {
        HighRiskRule { both_at_least: Level::Significant, severity_at_least: Level::Maximum }
    }
}

impl HighRiskRule {
    /// Whether a rated estimate is high; `None` while severity or likelihood is missing.
    pub fn is_high(&self, e: &Estimate) -> Option<bool> {
        let (s, l) = (e.severity?, e.likelihood?);
        Some(
            (s.value() >= self.both_at_least.value() && l.value() >= self.both_at_least.value())
                || s.value() >= self.severity_at_least.value(),
        )
    }

    /// Whether the cell (severity, likelihood) is in the high zone (for drawing it).
    pub fn is_high_cell(&self, severity: Level, likelihood: Level) -> bool {
        self.is_high(&Estimate { severity: Some(severity), likelihood: Some(likelihood), ..Estimate::default() })
            == Some(true)
    }

    /// The rule in a sentence, for the map's legend and the report.
    pub fn text_fr(&self) -> String {
        format!(
            "Un risque résiduel est considéré comme élevé lorsque sa gravité et sa vraisemblance sont toutes deux \
             « {} » ou plus, ou lorsque sa gravité est « {} ». C'est la règle retenue par Greffier : la CNIL ne \
             fixe pas de formule et laisse le responsable de traitement décider au vu de la cartographie.",
            self.both_at_least.label_fr(),
            self.severity_at_least.label_fr()
        )
    }

    pub fn text_en(&self) -> String {
        format!(
            "A residual risk is considered high when its severity and its likelihood are both « {} » or above, or \
             when its severity is « {} ». This is Greffier's rule: the CNIL sets no formula and leaves the \
             controller to decide from the risk map.",
            self.both_at_least.label_en(),
            self.severity_at_least.label_en()
        )
    }
}

/// A point of the map: severity (vertical) and likelihood (horizontal).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct MapPoint {
    pub severity: Level,
    pub likelihood: Level,
}

impl MapPoint {
    pub fn of(e: &Estimate) -> Option<MapPoint> {
        Some(MapPoint { severity: e.severity?, likelihood: e.likelihood? })
    }
}

/// One risk on the map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MapRisk {
    pub risk_id: Uuid,
    /// Short label drawn beside the points (A, M, D, R1…).
    pub label: String,
    pub title: String,
    /// Before any measure, when recorded.
    pub inherent: Option<MapPoint>,
    /// With the existing and planned measures.
    pub initial: Option<MapPoint>,
    /// After the corrective actions, when re-estimated.
    pub residual: Option<MapPoint>,
    /// The residual level (or the initial one when there is no residual estimate) is high.
    pub high: bool,
}

/// The whole map.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RiskMap {
    pub rule: HighRiskRule,
    pub rule_fr: String,
    pub rule_en: String,
    pub risks: Vec<MapRisk>,
    /// Risks not drawn because their initial estimate is incomplete.
    pub unrated: Vec<String>,
}

/// The label of a risk on the map: its own, else A/M/D for a feared event, else R1, R2…
/// counted among the custom risks.
pub fn risk_label(aipd: &Aipd, risk: &Risk) -> String {
    if !risk.label.trim().is_empty() {
        return risk.label.trim().to_string();
    }
    if let Some(e) = risk.event {
        return e.letter_fr().to_string();
    }
    let n = aipd.risks.iter().filter(|r| r.event.is_none()).position(|r| r.id == risk.id).map_or(0, |i| i + 1);
    format!("R{n}")
}

/// The map of an analysis under `rule`.
pub fn risk_map(aipd: &Aipd, rule: &HighRiskRule) -> RiskMap {
    let mut risks = Vec::new();
    let mut unrated = Vec::new();
    for r in &aipd.risks {
        let initial = MapPoint::of(&r.initial);
        if initial.is_none() && MapPoint::of(&r.residual).is_none() {
            unrated.push(r.title.clone());
            continue;
        }
        risks.push(MapRisk {
            risk_id: r.id,
            label: risk_label(aipd, r),
            title: r.title.clone(),
            inherent: MapPoint::of(&r.inherent),
            initial,
            residual: MapPoint::of(&r.residual),
            high: rule.is_high(r.final_estimate()) == Some(true),
        });
    }
    RiskMap { rule: *rule, rule_fr: rule.text_fr(), rule_en: rule.text_en(), risks, unrated }
}

/// The risks whose level after corrective actions stays high: a non-empty list means the
/// CNIL must be consulted before the processing starts (Art. 36(1)).
pub fn high_residual_risks<'a>(aipd: &'a Aipd, rule: &HighRiskRule) -> Vec<&'a Risk> {
    aipd.risks.iter().filter(|r| rule.is_high(r.final_estimate()) == Some(true)).collect()
}

/// What the flag « Consultation préalable de la CNIL requise » means, for the UI and reports.
pub const PRIOR_CONSULTATION_FR: &str = "Consultation préalable de la CNIL requise (art. 36 du RGPD) : au moins un \
    risque reste élevé malgré les mesures prévues. Le traitement ne peut pas commencer avant d'avoir consulté la CNIL, \
    qui répond par écrit dans un délai de huit semaines, prolongeable de six semaines. Le dossier à lui transmettre \
    comprend l'AIPD, les responsabilités de chacun, les finalités et moyens du traitement, les mesures et garanties \
    prévues et les coordonnées du délégué à la protection des données (art. 36(3)). Vous pouvez aussi réduire encore \
    le risque par des mesures supplémentaires puis le réévaluer.";

pub const PRIOR_CONSULTATION_EN: &str = "Prior consultation of the CNIL required (Art. 36 GDPR): at least one risk \
    stays high despite the planned measures. The processing cannot start before the CNIL is consulted; it answers \
    in writing within eight weeks, extendable by six. The file to send includes the DPIA, everyone's \
    responsibilities, the purposes and means of the processing, the planned measures and safeguards and the DPO's \
    contact details (Art. 36(3)). You may also reduce the risk further with more measures and estimate it again.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FearedEvent;

    fn est(s: Level, l: Level) -> Estimate {
        Estimate { severity: Some(s), likelihood: Some(l), ..Estimate::default() }
    }

    #[test]
    fn default_rule_on_every_cell() {
        let rule = HighRiskRule::default();
        let mut high = Vec::new();
        for &s in Level::ALL {
            for &l in Level::ALL {
                if rule.is_high(&est(s, l)).unwrap() {
                    high.push((s.value(), l.value()));
                }
            }
        }
        // top row (severity 4) and the 2×2 top-right block
        assert_eq!(high, [(3, 3), (3, 4), (4, 1), (4, 2), (4, 3), (4, 4)]);
        assert_eq!(rule.is_high(&Estimate { severity: Some(Level::Maximum), ..Estimate::default() }), None);
    }

    #[test]
    fn residual_replaces_initial_on_the_map() {
        let mut a = Aipd::new("Vidéoprotection");
        a.risks[0].initial = est(Level::Significant, Level::Significant);
        a.risks[1].initial = est(Level::Limited, Level::Limited);
        let rule = HighRiskRule::default();
        assert_eq!(high_residual_risks(&a, &rule).len(), 1);
        a.risks[0].residual = est(Level::Significant, Level::Limited);
        assert!(high_residual_risks(&a, &rule).is_empty());
        let map = risk_map(&a, &rule);
        assert_eq!(map.risks.len(), 2);
        assert_eq!(map.unrated, [FearedEvent::Disappearance.label_fr()]);
        assert_eq!(map.risks[0].label, "A");
        assert_eq!(map.risks[0].residual, Some(MapPoint { severity: Level::Significant, likelihood: Level::Limited }));
        let mut custom = Risk::custom("Détournement de finalité");
        custom.initial = est(Level::Maximum, Level::Negligible);
        a.risks.push(custom);
        let map = risk_map(&a, &rule);
        assert_eq!(map.risks[2].label, "R1");
        assert!(map.risks[2].high);
    }
}
