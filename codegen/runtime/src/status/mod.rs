//! `google.rpc.Status`, typed: the one shape of an error, whether a client
//! reads it from an error answer or a failed operation, or a server writes it.

mod code;
mod details;

pub use code::Code;
pub use details::{
    BadRequest, DebugInfo, Detail, ErrorInfo, FieldViolation, Help, HelpLink, LocalizedMessage,
    PreconditionFailure, PreconditionViolation, QuotaFailure, QuotaViolation, ResourceInfo,
    RetryInfo,
};

use crate::json::{self, Message, Mode, Node, OpenEnum};
use crate::wire::UnknownFields;

/// `google.rpc.Status`: a canonical code, a message for people and typed details.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Status {
    /// The canonical code.
    pub code: Code,
    /// What went wrong, for people.
    pub message: String,
    /// The details, typed where they are standard ones.
    pub details: Vec<Detail>,
    /// Fields this version does not know, kept for re-encoding.
    pub unknown_fields: UnknownFields,
}

impl Status {
    /// A status with `code` and `message` and no details.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            ..Self::default()
        }
    }

    /// The first `RetryInfo` detail.
    pub fn retry_info(&self) -> Option<&RetryInfo> {
        self.details.iter().find_map(|detail| match detail {
            Detail::RetryInfo(info) => Some(info),
            _ => None,
        })
    }

    /// The first `ErrorInfo` detail.
    pub fn error_info(&self) -> Option<&ErrorInfo> {
        self.details.iter().find_map(|detail| match detail {
            Detail::ErrorInfo(info) => Some(info),
            _ => None,
        })
    }

    /// The wait a `RetryInfo` detail asks for, when it has one that fits a
    /// `std::time::Duration` (not negative).
    pub fn retry_delay(&self) -> Option<std::time::Duration> {
        self.retry_info()?.retry_delay?.try_into().ok()
    }
}

/// The code's number as `google.rpc.Status` writes it; a code that came
/// only as an unknown name has none and is written as `UNKNOWN` (2).
fn code_number(code: &Code) -> i32 {
    code.number().unwrap_or(2)
}

impl Message for Status {
    const PROTO_NAMES: &'static [(&'static str, &'static str)] = &[];

    fn decode_field<'a>(
        &mut self,
        name: &str,
        value: Node<'a>,
        mode: Mode,
    ) -> Result<Option<Node<'a>>, json::DecodeError> {
        match name {
            "code" => {
                let mut number = 0;
                json::field::<json::Int32>(&mut number, value, mode)?;
                self.code = Code::from_number(number);
            }
            "message" => json::field::<json::Str>(&mut self.message, value, mode)?,
            "details" => json::field::<json::List<Detail>>(&mut self.details, value, mode)?,
            _ => return Ok(Some(value)),
        }
        Ok(None)
    }

    fn encode_fields<W: json::FieldWriter>(&self, out: &mut W) {
        out.field::<json::Int32>("code", &code_number(&self.code));
        out.field::<json::Str>("message", &self.message);
        out.field::<json::List<Detail>>("details", &self.details);
    }

    fn unknown_fields(&self) -> Option<&UnknownFields> {
        Some(&self.unknown_fields)
    }

    fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
        Some(&mut self.unknown_fields)
    }
}

/// The body of an HTTP error answer, `{"error": {"code", "message",
/// "status", "details"}}`: a [`Status`] whose code travels by name (`status`)
/// beside the HTTP status as a number (`code`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorBody {
    /// The number in the body's `code`: the HTTP status, by the API's convention.
    pub http_code: i32,
    /// The status; its code comes from the body's `status` name, or from
    /// the HTTP status when the body names none.
    pub status: Status,
}

impl ErrorBody {
    /// Decodes an error answer's body; one without an `error` object is refused.
    pub fn decode(body: &[u8]) -> Result<Self, json::DecodeError> {
        let envelope: Envelope = json::from_slice(body)?;
        let mut fields = envelope
            .error
            .ok_or_else(|| json::DecodeError::new("an error body needs an `error` object"))?;
        if !fields.named {
            let http_status = u16::try_from(fields.body.http_code).unwrap_or_default();
            fields.body.status.code = Code::from_http_status(http_status);
        }
        Ok(fields.body)
    }

    /// The body as JSON text.
    pub fn to_json(&self) -> String {
        json::to_string(&self.envelope())
    }

    /// The body as a JSON value.
    pub fn to_value(&self) -> json::Value {
        json::to_value(&self.envelope())
    }

    fn envelope(&self) -> Envelope {
        Envelope {
            error: Some(ErrorFields {
                body: self.clone(),
                named: true,
            }),
        }
    }
}

/// `{"error": …}` around an [`ErrorBody`]; other members are ignored.
#[derive(Default)]
struct Envelope {
    error: Option<ErrorFields>,
}

impl Message for Envelope {
    const PROTO_NAMES: &'static [(&'static str, &'static str)] = &[];

    fn decode_field<'a>(
        &mut self,
        name: &str,
        value: Node<'a>,
        mode: Mode,
    ) -> Result<Option<Node<'a>>, json::DecodeError> {
        if name == "error" {
            json::field::<json::Opt<json::Msg<ErrorFields>>>(&mut self.error, value, mode)?;
        }
        Ok(None)
    }

    fn encode_fields<W: json::FieldWriter>(&self, out: &mut W) {
        out.field::<json::Opt<json::Msg<ErrorFields>>>("error", &self.error);
    }

    fn unknown_fields(&self) -> Option<&UnknownFields> {
        None
    }

    fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
        None
    }
}

/// The members of an error body, and whether it named its status.
#[derive(Default)]
struct ErrorFields {
    body: ErrorBody,
    named: bool,
}

impl Message for ErrorFields {
    const PROTO_NAMES: &'static [(&'static str, &'static str)] = &[];

    fn decode_field<'a>(
        &mut self,
        name: &str,
        value: Node<'a>,
        mode: Mode,
    ) -> Result<Option<Node<'a>>, json::DecodeError> {
        match name {
            "code" => json::field::<json::Int32>(&mut self.body.http_code, value, mode)?,
            "status" => {
                self.named = !value.is_null();
                json::field::<json::Enum<Code>>(&mut self.body.status.code, value, mode)?;
            }
            _ => return self.body.status.decode_field(name, value, mode),
        }
        Ok(None)
    }

    fn encode_fields<W: json::FieldWriter>(&self, out: &mut W) {
        let status = &self.body.status;
        out.member::<json::Int32>("code", &self.body.http_code);
        out.member::<json::Str>("message", &status.message);
        out.member::<json::Enum<Code>>("status", &status.code);
        out.field::<json::List<Detail>>("details", &status.details);
    }

    fn unknown_fields(&self) -> Option<&UnknownFields> {
        self.body.status.unknown_fields()
    }

    fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
        self.body.status.unknown_fields_mut()
    }
}
