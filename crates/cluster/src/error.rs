//! API errors as the API server reports them. kubectl prints them as
//! `Error from server (<Reason>): <message>`.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    NotFound,
    AlreadyExists,
    /// 422: `The Service "x" is invalid: spec.ports[0].nodePort: ...`
    Invalid,
    /// 400: decoding errors, strict field validation.
    BadRequest,
    Conflict,
    Forbidden,
    /// 429: an eviction a PodDisruptionBudget refuses.
    TooManyRequests,
    /// 500: `Internal error occurred: ...`.
    InternalError,
    /// Not from the server: e.g. `no matches for kind "X" in version "v1"`,
    /// which kubectl prints without the `Error from server` prefix.
    Client,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::NotFound => "NotFound",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Invalid => "Invalid",
            Reason::BadRequest => "BadRequest",
            Reason::Conflict => "Conflict",
            Reason::Forbidden => "Forbidden",
            Reason::TooManyRequests => "TooManyRequests",
            Reason::InternalError => "InternalError",
            Reason::Client => "Client",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub reason: Reason,
    /// The status message, e.g. `pods "x" not found`.
    pub message: String,
}

impl ApiError {
    pub fn new(reason: Reason, message: impl Into<String>) -> ApiError {
        ApiError {
            reason,
            message: message.into(),
        }
    }
    pub fn not_found(resource: &str, name: &str) -> ApiError {
        ApiError::new(Reason::NotFound, format!("{resource} \"{name}\" not found"))
    }
    pub fn already_exists(resource: &str, name: &str) -> ApiError {
        ApiError::new(
            Reason::AlreadyExists,
            format!("{resource} \"{name}\" already exists"),
        )
    }
    /// What kubectl prints for a 422: `The <Kind> "<name>" is invalid: <cause>`
    /// for one cause; for several, the prefix then one `* <cause>` line
    /// each (kubectl's MultilineError).
    pub fn invalid(kind: &str, name: &str, causes: &[String]) -> ApiError {
        let body = match causes {
            [one] => one.clone(),
            many => {
                let lines: Vec<String> = many.iter().map(|c| format!("* {c}")).collect();
                format!("\n{}", lines.join("\n"))
            }
        };
        ApiError::new(
            Reason::Invalid,
            format!("The {kind} \"{name}\" is invalid: {body}"),
        )
    }
}

impl fmt::Display for ApiError {
    /// What kubectl prints for this error.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.reason {
            Reason::Client => write!(f, "{}", self.message),
            Reason::Invalid => write!(f, "{}", self.message),
            r => write!(f, "Error from server ({}): {}", r.as_str(), self.message),
        }
    }
}

impl std::error::Error for ApiError {}
