//! The standard error details of `google/rpc/error_details.proto`, typed,
//! and [`Detail`]: one entry of a status's `details`.

use serde::Serializer;

use crate::json::{self, Kind, Message, Mode, Node};
use crate::wire::{Any, Duration, UnknownFields};

/// Declares a detail message: the struct (unknown fields kept) and its JSON
/// codec, one line per field naming its JSON name and [`Kind`].
macro_rules! detail_message {
    (
        $(#[$doc:meta])*
        $name:ident, proto names $proto_names:expr, {
            $( $(#[$field_doc:meta])* $field:ident: $ty:ty = $json:literal as $kind:ty, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct $name {
            $( $(#[$field_doc])* pub $field: $ty, )*
            /// Fields this version does not know, kept for re-encoding.
            pub unknown_fields: UnknownFields,
        }

        impl Message for $name {
            const PROTO_NAMES: &'static [(&'static str, &'static str)] = $proto_names;

            fn decode_field<'a>(
                &mut self,
                name: &str,
                value: Node<'a>,
                mode: Mode,
            ) -> Result<Option<Node<'a>>, json::DecodeError> {
                match name {
                    $( $json => json::field::<$kind>(&mut self.$field, value, mode)?, )*
                    _ => return Ok(Some(value)),
                }
                Ok(None)
            }

            fn encode_fields<W: json::FieldWriter>(&self, out: &mut W) {
                $( out.field::<$kind>($json, &self.$field); )*
            }

            fn unknown_fields(&self) -> Option<&UnknownFields> {
                Some(&self.unknown_fields)
            }

            fn unknown_fields_mut(&mut self) -> Option<&mut UnknownFields> {
                Some(&mut self.unknown_fields)
            }
        }
    };
}

detail_message! {
    /// `google.rpc.RetryInfo`: how long to wait before trying again.
    RetryInfo, proto names &[("retry_delay", "retryDelay")], {
        /// The wait the server asks for.
        retry_delay: Option<Duration> = "retryDelay" as json::Opt<Duration>,
    }
}

detail_message! {
    /// `google.rpc.DebugInfo`: server-side debugging information.
    DebugInfo, proto names &[("stack_entries", "stackEntries")], {
        /// The stack trace, one frame per entry.
        stack_entries: Vec<String> = "stackEntries" as json::List<json::Str>,
        /// Any other debugging text.
        detail: String = "detail" as json::Str,
    }
}

detail_message! {
    /// `google.rpc.QuotaFailure`: which quota checks failed.
    QuotaFailure, proto names &[], {
        /// The failed checks.
        violations: Vec<QuotaViolation> = "violations" as json::List<json::Msg<QuotaViolation>>,
    }
}

detail_message! {
    /// `google.rpc.QuotaFailure.Violation`: one failed quota check.
    QuotaViolation, proto names &[], {
        /// What the quota applies to, e.g. `project:my-project`.
        subject: String = "subject" as json::Str,
        /// How the check failed.
        description: String = "description" as json::Str,
    }
}

detail_message! {
    /// `google.rpc.ErrorInfo`: the machine-readable cause of an error.
    ErrorInfo, proto names &[], {
        /// The cause as an UPPER_SNAKE_CASE constant, e.g. `API_KEY_INVALID`.
        reason: String = "reason" as json::Str,
        /// The logical group the reason belongs to, e.g. `googleapis.com`.
        domain: String = "domain" as json::Str,
        /// More facts about the error, by key.
        metadata: std::collections::BTreeMap<String, String> =
            "metadata" as json::Map<json::Str, json::Str>,
    }
}

detail_message! {
    /// `google.rpc.PreconditionFailure`: which preconditions failed.
    PreconditionFailure, proto names &[], {
        /// The failed preconditions.
        violations: Vec<PreconditionViolation> =
            "violations" as json::List<json::Msg<PreconditionViolation>>,
    }
}

detail_message! {
    /// `google.rpc.PreconditionFailure.Violation`: one failed precondition.
    PreconditionViolation, proto names &[], {
        /// The kind of precondition (`type` in JSON), e.g. `TOS`.
        kind: String = "type" as json::Str,
        /// What failed, relative to the kind.
        subject: String = "subject" as json::Str,
        /// How it failed.
        description: String = "description" as json::Str,
    }
}

detail_message! {
    /// `google.rpc.BadRequest`: which fields of the request are wrong.
    BadRequest, proto names &[("field_violations", "fieldViolations")], {
        /// The wrong fields.
        field_violations: Vec<FieldViolation> =
            "fieldViolations" as json::List<json::Msg<FieldViolation>>,
    }
}

detail_message! {
    /// `google.rpc.BadRequest.FieldViolation`: one wrong field.
    FieldViolation, proto names &[("localized_message", "localizedMessage")], {
        /// The field's path, e.g. `contents[0].parts`.
        field: String = "field" as json::Str,
        /// What is wrong with it.
        description: String = "description" as json::Str,
        /// The cause as an UPPER_SNAKE_CASE constant.
        reason: String = "reason" as json::Str,
        /// The description translated for the user.
        localized_message: Option<LocalizedMessage> =
            "localizedMessage" as json::Opt<json::Msg<LocalizedMessage>>,
    }
}

detail_message! {
    /// `google.rpc.ResourceInfo`: the resource the error is about.
    ResourceInfo, proto names &[("resource_type", "resourceType"), ("resource_name", "resourceName")], {
        /// The resource's type, e.g. a type URL.
        resource_type: String = "resourceType" as json::Str,
        /// The resource's name.
        resource_name: String = "resourceName" as json::Str,
        /// Who owns it.
        owner: String = "owner" as json::Str,
        /// What went wrong with it.
        description: String = "description" as json::Str,
    }
}

detail_message! {
    /// `google.rpc.Help`: links to documentation.
    Help, proto names &[], {
        /// The links.
        links: Vec<HelpLink> = "links" as json::List<json::Msg<HelpLink>>,
    }
}

detail_message! {
    /// `google.rpc.Help.Link`: one link to documentation.
    HelpLink, proto names &[], {
        /// What the link leads to.
        description: String = "description" as json::Str,
        /// The URL.
        url: String = "url" as json::Str,
    }
}

detail_message! {
    /// `google.rpc.LocalizedMessage`: the error message translated.
    LocalizedMessage, proto names &[], {
        /// The locale, e.g. `en-US`.
        locale: String = "locale" as json::Str,
        /// The translated message.
        message: String = "message" as json::Str,
    }
}

/// One entry of a status's `details`: a standard detail, typed, or any other
/// message kept as it came.
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    /// `google.rpc.RetryInfo`.
    RetryInfo(RetryInfo),
    /// `google.rpc.ErrorInfo`.
    ErrorInfo(ErrorInfo),
    /// `google.rpc.BadRequest`.
    BadRequest(BadRequest),
    /// `google.rpc.QuotaFailure`.
    QuotaFailure(QuotaFailure),
    /// `google.rpc.PreconditionFailure`.
    PreconditionFailure(PreconditionFailure),
    /// `google.rpc.ResourceInfo`.
    ResourceInfo(ResourceInfo),
    /// `google.rpc.Help`.
    Help(Help),
    /// `google.rpc.LocalizedMessage`.
    LocalizedMessage(LocalizedMessage),
    /// `google.rpc.DebugInfo`.
    DebugInfo(DebugInfo),
    /// Any other message, or a standard one whose fields did not decode, as it came.
    Other(Any),
}

/// The prefix of the type URL of every standard detail.
const TYPE_PREFIX: &str = "type.googleapis.com/google.rpc.";

impl Detail {
    /// The detail as an `Any`, under its type URL.
    pub fn to_any(&self) -> Any {
        fn wrap<M: Message>(name: &str, message: &M) -> Any {
            Any::encode(format!("{TYPE_PREFIX}{name}"), message)
        }
        match self {
            Detail::RetryInfo(info) => wrap("RetryInfo", info),
            Detail::ErrorInfo(info) => wrap("ErrorInfo", info),
            Detail::BadRequest(info) => wrap("BadRequest", info),
            Detail::QuotaFailure(info) => wrap("QuotaFailure", info),
            Detail::PreconditionFailure(info) => wrap("PreconditionFailure", info),
            Detail::ResourceInfo(info) => wrap("ResourceInfo", info),
            Detail::Help(info) => wrap("Help", info),
            Detail::LocalizedMessage(info) => wrap("LocalizedMessage", info),
            Detail::DebugInfo(info) => wrap("DebugInfo", info),
            Detail::Other(any) => any.clone(),
        }
    }

    /// The typed detail an `Any` holds; a type this version does not know,
    /// or a standard one whose fields do not decode, stays an `Any`.
    pub fn from_any(any: Any) -> Self {
        fn typed<M: Message>(any: &Any, wrap: fn(M) -> Detail) -> Option<Detail> {
            any.decode().ok().map(wrap)
        }
        let Some(name) = any.type_url.strip_prefix(TYPE_PREFIX) else {
            return Detail::Other(any);
        };
        let decoded = match name {
            "RetryInfo" => typed(&any, Detail::RetryInfo),
            "ErrorInfo" => typed(&any, Detail::ErrorInfo),
            "BadRequest" => typed(&any, Detail::BadRequest),
            "QuotaFailure" => typed(&any, Detail::QuotaFailure),
            "PreconditionFailure" => typed(&any, Detail::PreconditionFailure),
            "ResourceInfo" => typed(&any, Detail::ResourceInfo),
            "Help" => typed(&any, Detail::Help),
            "LocalizedMessage" => typed(&any, Detail::LocalizedMessage),
            "DebugInfo" => typed(&any, Detail::DebugInfo),
            _ => None,
        };
        decoded.unwrap_or(Detail::Other(any))
    }
}

impl Kind for Detail {
    type Value = Detail;

    fn decode(json: Node<'_>, mode: Mode) -> Result<Detail, json::DecodeError> {
        <Any as Kind>::decode(json, mode).map(Detail::from_any)
    }

    fn encode(value: &Detail, out: &mut Vec<u8>) {
        <Any as Kind>::encode(&value.to_any(), out);
    }

    fn serialize<S: Serializer>(value: &Detail, serializer: S) -> Result<S::Ok, S::Error> {
        <Any as Kind>::serialize(&value.to_any(), serializer)
    }

    fn is_default(_: &Detail) -> bool {
        false
    }
}
