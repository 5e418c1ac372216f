//! Strict field validation: unknown fields are rejected as the API server
//! does with `fieldValidation=Strict` (kubectl's default).

use crate::error::{ApiError, Reason};
use crate::resources::ResourceType;
use serde_json::Value;

/// Checks `obj` against the compact schema of its kind.
pub(crate) fn check(obj: &Value, rt: &ResourceType) -> Result<(), ApiError> {
    let allowed: &[&str] = match rt.plural {
        "configmaps" => &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "binaryData",
            "immutable",
        ],
        "secrets" => &[
            "apiVersion",
            "kind",
            "metadata",
            "data",
            "stringData",
            "type",
            "immutable",
        ],
        "endpoints" => &["apiVersion", "kind", "metadata", "subsets"],
        "endpointslices" => &[
            "apiVersion",
            "kind",
            "metadata",
            "addressType",
            "endpoints",
            "ports",
        ],
        "events" => return Ok(()),
        _ => &["apiVersion", "kind", "metadata", "spec", "status"],
    };
    let mut unknown = Vec::new();
    if let Some(m) = obj.as_object() {
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) {
                unknown.push(format!("unknown field \"{k}\""));
            }
        }
    }
    if unknown.is_empty() {
        return Ok(());
    }
    Err(ApiError::new(
        Reason::BadRequest,
        format!(
            "{kind} in version \"{v}\" cannot be handled as a {kind}: strict decoding error: {}",
            unknown.join(", "),
            kind = rt.kind,
            v = rt.version
        ),
    ))
}
