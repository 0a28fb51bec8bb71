//! Audit trail: who changed which record, when, and which fields from what to what.
//!
//! Entries are written in the same transaction as the change they describe, so the trail
//! can never disagree with the data. Field paths are JSON pointers into the record.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// What happened to a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    Import,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Update => "update",
            AuditAction::Delete => "delete",
            AuditAction::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        [AuditAction::Create, AuditAction::Update, AuditAction::Delete, AuditAction::Import]
            .into_iter()
            .find(|a| a.as_str() == s)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            AuditAction::Create => "création",
            AuditAction::Update => "modification",
            AuditAction::Delete => "suppression",
            AuditAction::Import => "import",
        }
    }
}

/// One field changed: absent `old` means added, absent `new` means removed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FieldChange {
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// One line of the audit trail.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The user name set in the app (or the OS user for the CLI).
    pub actor: String,
    pub organisation_id: Option<Uuid>,
    /// `organisation` or a record kind (`processing`, …).
    pub kind: String,
    pub record_id: Uuid,
    pub action: AuditAction,
    /// The record's title at the time.
    pub title: String,
    pub changes: Vec<FieldChange>,
}

/// Fields that change on every save and say nothing to a reader.
const IGNORED: [&str; 2] = ["/created_at", "/updated_at"];

/// The field-level differences between two JSON values, as JSON pointers. Objects are
/// compared key by key; arrays element by element when their lengths match, whole otherwise.
pub fn diff(old: &Value, new: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    diff_at(String::new(), Some(old), Some(new), &mut out);
    out.retain(|c| !IGNORED.contains(&c.field.as_str()));
    out
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn diff_at(path: String, old: Option<&Value>, new: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (old, new) {
        (Some(a), Some(b)) if a == b => {}
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (k, va) in a {
                diff_at(format!("{path}/{}", escape(k)), Some(va), b.get(k), out);
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    diff_at(format!("{path}/{}", escape(k)), None, Some(vb), out);
                }
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                diff_at(format!("{path}/{i}"), Some(va), Some(vb), out);
            }
        }
        (a, b) => out.push(FieldChange {
            field: if path.is_empty() { "/".into() } else { path },
            old: a.filter(|v| !v.is_null()).cloned(),
            new: b.filter(|v| !v.is_null()).cloned(),
        }),
    }
}

/// Changes describing a record created from nothing (every non-empty top-level field).
pub fn creation(new: &Value) -> Vec<FieldChange> {
    diff(&Value::Object(Default::default()), new)
        .into_iter()
        .filter(|c| {
            !matches!(&c.new, Some(Value::Array(a)) if a.is_empty())
                && !matches!(&c.new, Some(Value::String(s)) if s.is_empty())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_each_changed_field() {
        let a = json!({"name": "Paie", "updated_at": "x", "purposes": [{"d": "a"}, {"d": "b"}], "dpo": {"email": "a@b.fr"}, "gone": 1});
        let b = json!({"name": "Paie 2026", "updated_at": "y", "purposes": [{"d": "a"}, {"d": "c"}], "dpo": {"email": "a@b.fr", "phone": "01"}});
        let changes = diff(&a, &b);
        let mut fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        fields.sort();
        assert_eq!(fields, ["/dpo/phone", "/gone", "/name", "/purposes/1/d"]);
        assert_eq!(changes.len(), 4);
        let name = changes.iter().find(|c| c.field == "/name").unwrap();
        assert_eq!(name.old, Some(json!("Paie")));
        assert_eq!(name.new, Some(json!("Paie 2026")));
        let gone = changes.iter().find(|c| c.field == "/gone").unwrap();
        assert_eq!(gone.new, None);
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn arrays_of_other_length_are_one_change() {
        let changes = diff(&json!({"l": [1, 2]}), &json!({"l": [1, 2, 3]}));
        assert_eq!(
            changes,
            vec![FieldChange { field: "/l".into(), old: Some(json!([1, 2])), new: Some(json!([1, 2, 3])) }]
        );
    }

    #[test]
    fn keys_with_slashes_are_escaped() {
        let changes = diff(&json!({"a/b": 1}), &json!({"a/b": 2}));
        assert_eq!(changes[0].field, "/a~1b");
    }
}
