//! `google.rpc.Code`: the canonical error codes, with their JSON names and
//! the HTTP status each usually travels with.

use std::fmt;

use crate::json::{OpenEnum, UnknownEnumValue};

/// A canonical error code (`google.rpc.Code`). A code this version does not
/// know is kept as it came, by number or by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Code {
    /// 0: not an error.
    #[default]
    Ok,
    /// 1: the caller cancelled the operation.
    Cancelled,
    /// 2: an error with no better code.
    Unknown,
    /// 3: the request is malformed, whatever the system's state.
    InvalidArgument,
    /// 4: the deadline passed before the operation finished.
    DeadlineExceeded,
    /// 5: the named resource does not exist.
    NotFound,
    /// 6: the resource to create exists already.
    AlreadyExists,
    /// 7: the caller may not do this.
    PermissionDenied,
    /// 8: a quota or rate limit ran out.
    ResourceExhausted,
    /// 9: the system is not in the state the operation needs.
    FailedPrecondition,
    /// 10: the operation was aborted, e.g. by a concurrent change.
    Aborted,
    /// 11: the operation went past the valid range.
    OutOfRange,
    /// 12: the operation is not implemented.
    Unimplemented,
    /// 13: an internal error of the server.
    Internal,
    /// 14: the service is unavailable for now; trying again may help.
    Unavailable,
    /// 15: data was lost or corrupted.
    DataLoss,
    /// 16: the request has no valid credentials.
    Unauthenticated,
    /// A code this version does not know, as it came.
    Unrecognized(UnknownEnumValue),
}

impl OpenEnum for Code {
    const VALUES: &'static [(Self, &'static str, i32)] = &[
        (Code::Ok, "OK", 0),
        (Code::Cancelled, "CANCELLED", 1),
        (Code::Unknown, "UNKNOWN", 2),
        (Code::InvalidArgument, "INVALID_ARGUMENT", 3),
        (Code::DeadlineExceeded, "DEADLINE_EXCEEDED", 4),
        (Code::NotFound, "NOT_FOUND", 5),
        (Code::AlreadyExists, "ALREADY_EXISTS", 6),
        (Code::PermissionDenied, "PERMISSION_DENIED", 7),
        (Code::ResourceExhausted, "RESOURCE_EXHAUSTED", 8),
        (Code::FailedPrecondition, "FAILED_PRECONDITION", 9),
        (Code::Aborted, "ABORTED", 10),
        (Code::OutOfRange, "OUT_OF_RANGE", 11),
        (Code::Unimplemented, "UNIMPLEMENTED", 12),
        (Code::Internal, "INTERNAL", 13),
        (Code::Unavailable, "UNAVAILABLE", 14),
        (Code::DataLoss, "DATA_LOSS", 15),
        (Code::Unauthenticated, "UNAUTHENTICATED", 16),
    ];

    fn unknown(&self) -> Option<&UnknownEnumValue> {
        match self {
            Code::Unrecognized(value) => Some(value),
            _ => None,
        }
    }

    fn from_unknown(value: UnknownEnumValue) -> Self {
        Code::Unrecognized(value)
    }
}

impl Code {
    /// The code's JSON name, e.g. `RESOURCE_EXHAUSTED`; `None` for an
    /// unknown code that came as a number.
    pub fn name(&self) -> Option<&str> {
        OpenEnum::name(self)
    }

    /// The code's number, e.g. 8; `None` for an unknown code that came as a name.
    pub fn number(&self) -> Option<i32> {
        OpenEnum::number(self)
    }

    /// The HTTP status this code is usually answered with (Google's
    /// mapping); 500 for a code this version does not know.
    pub fn http_status(&self) -> u16 {
        match self {
            Code::Ok => 200,
            Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => 400,
            Code::Unauthenticated => 401,
            Code::PermissionDenied => 403,
            Code::NotFound => 404,
            Code::AlreadyExists | Code::Aborted => 409,
            Code::ResourceExhausted => 429,
            Code::Cancelled => 499,
            Code::Unimplemented => 501,
            Code::Unavailable => 503,
            Code::DeadlineExceeded => 504,
            Code::Unknown | Code::Internal | Code::DataLoss | Code::Unrecognized(_) => 500,
        }
    }

    /// The code an HTTP error status stands for when the answer names none.
    pub fn from_http_status(http_status: u16) -> Self {
        match http_status {
            200..=299 => Code::Ok,
            400 => Code::InvalidArgument,
            401 => Code::Unauthenticated,
            403 => Code::PermissionDenied,
            404 => Code::NotFound,
            409 => Code::Aborted,
            429 => Code::ResourceExhausted,
            499 => Code::Cancelled,
            500 => Code::Internal,
            501 => Code::Unimplemented,
            502 | 503 => Code::Unavailable,
            504 => Code::DeadlineExceeded,
            _ => Code::Unknown,
        }
    }
}

impl fmt::Display for Code {
    /// The JSON name, e.g. `RESOURCE_EXHAUSTED`; the number for an unknown code without one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name(), self.number()) {
            (Some(name), _) => f.write_str(name),
            (None, Some(number)) => write!(f, "{number}"),
            (None, None) => Ok(()),
        }
    }
}
