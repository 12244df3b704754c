//! The typed `google.rpc.Status`: its codes, every standard detail, and
//! what this version does not know, through decode and re-encode.
#![cfg(feature = "codec")]

use apigen_runtime::json;
use apigen_runtime::status::{
    BadRequest, DebugInfo, ErrorInfo, FieldViolation, Help, HelpLink, LocalizedMessage,
    PreconditionFailure, PreconditionViolation, QuotaFailure, QuotaViolation, ResourceInfo,
    RetryInfo,
};
use apigen_runtime::{Code, Detail, ErrorBody, Status};
use serde_json::{json, Value};

/// Decodes `value` as a status, checks it re-encodes to the same JSON and
/// answers the status.
#[track_caller]
fn round_trip(value: Value) -> Status {
    let status: Status = json::from_value(&value).unwrap();
    assert_eq!(json::to_value(&status), value);
    let again: Status = json::from_str(&json::to_string(&status)).unwrap();
    assert_eq!(again, status);
    status
}

#[test]
fn every_standard_detail_is_typed_and_survives_a_round_trip() {
    let status = round_trip(json!({"code": 3, "message": "bad", "details": [
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.500s"},
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
         "domain": "googleapis.com", "metadata": {"service": "s", "zone": "z"}},
        {"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [
            {"field": "a.b", "description": "wrong", "reason": "TOO_LONG",
             "localizedMessage": {"locale": "fr", "message": "faux"}}]},
        {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [
            {"subject": "project:p", "description": "over"}]},
        {"@type": "type.googleapis.com/google.rpc.PreconditionFailure", "violations": [
            {"type": "TOS", "subject": "google.com/cloud", "description": "accept"}]},
        {"@type": "type.googleapis.com/google.rpc.ResourceInfo", "resourceType": "model",
         "resourceName": "models/x", "owner": "me", "description": "missing"},
        {"@type": "type.googleapis.com/google.rpc.Help", "links": [
            {"description": "docs", "url": "https://example.com"}]},
        {"@type": "type.googleapis.com/google.rpc.LocalizedMessage", "locale": "de", "message": "schlecht"},
        {"@type": "type.googleapis.com/google.rpc.DebugInfo", "stackEntries": ["a", "b"], "detail": "d"}
    ]}));
    assert_eq!(status.code, Code::InvalidArgument);
    assert_eq!(status.message, "bad");
    let expected = vec![
        Detail::RetryInfo(RetryInfo {
            retry_delay: Some("1.5s".parse().unwrap()),
            ..RetryInfo::default()
        }),
        Detail::ErrorInfo(ErrorInfo {
            reason: "API_KEY_INVALID".into(),
            domain: "googleapis.com".into(),
            metadata: [("service".into(), "s".into()), ("zone".into(), "z".into())].into(),
            ..ErrorInfo::default()
        }),
        Detail::BadRequest(BadRequest {
            field_violations: vec![FieldViolation {
                field: "a.b".into(),
                description: "wrong".into(),
                reason: "TOO_LONG".into(),
                localized_message: Some(LocalizedMessage {
                    locale: "fr".into(),
                    message: "faux".into(),
                    ..LocalizedMessage::default()
                }),
                ..FieldViolation::default()
            }],
            ..BadRequest::default()
        }),
        Detail::QuotaFailure(QuotaFailure {
            violations: vec![QuotaViolation {
                subject: "project:p".into(),
                description: "over".into(),
                ..QuotaViolation::default()
            }],
            ..QuotaFailure::default()
        }),
        Detail::PreconditionFailure(PreconditionFailure {
            violations: vec![PreconditionViolation {
                kind: "TOS".into(),
                subject: "google.com/cloud".into(),
                description: "accept".into(),
                ..PreconditionViolation::default()
            }],
            ..PreconditionFailure::default()
        }),
        Detail::ResourceInfo(ResourceInfo {
            resource_type: "model".into(),
            resource_name: "models/x".into(),
            owner: "me".into(),
            description: "missing".into(),
            ..ResourceInfo::default()
        }),
        Detail::Help(Help {
            links: vec![HelpLink {
                description: "docs".into(),
                url: "https://example.com".into(),
                ..HelpLink::default()
            }],
            ..Help::default()
        }),
        Detail::LocalizedMessage(LocalizedMessage {
            locale: "de".into(),
            message: "schlecht".into(),
            ..LocalizedMessage::default()
        }),
        Detail::DebugInfo(DebugInfo {
            stack_entries: vec!["a".into(), "b".into()],
            detail: "d".into(),
            ..DebugInfo::default()
        }),
    ];
    assert_eq!(status.details, expected);
    assert_eq!(
        status.retry_delay(),
        Some(std::time::Duration::from_millis(1500))
    );
    assert_eq!(status.error_info().unwrap().reason, "API_KEY_INVALID");
}

#[test]
fn what_this_version_does_not_know_is_kept_whole() {
    let status = round_trip(
        json!({"code": 42, "message": "new", "future": {"x": [1]}, "details": [
            {"@type": "type.googleapis.com/google.rpc.RequestInfo", "requestId": "r", "servingData": "s"},
            {"@type": "type.example.com/my.Detail", "anything": {"nested": true}},
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "R", "newField": 7},
            {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": ["not", "text"]},
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "soon"}
        ]}),
    );
    assert_eq!(status.code.number(), Some(42));
    assert_eq!(status.code.name(), None);
    assert_eq!(status.unknown_fields["future"], json!({"x": [1]}));
    let Detail::Other(request_info) = &status.details[0] else {
        panic!("{:?}", status.details[0]);
    };
    assert_eq!(request_info.type_name(), "google.rpc.RequestInfo");
    assert!(
        matches!(&status.details[1], Detail::Other(any) if any.fields["anything"]["nested"] == true)
    );
    let Detail::ErrorInfo(info) = &status.details[2] else {
        panic!("{:?}", status.details[2]);
    };
    assert_eq!(info.unknown_fields["newField"], 7);
    assert!(
        matches!(&status.details[3], Detail::Other(_)),
        "a malformed ErrorInfo stays as it came"
    );
    assert!(matches!(&status.details[4], Detail::Other(_)));
    assert_eq!(status.retry_delay(), None);
}

#[test]
fn hostile_statuses_are_errors_not_panics() {
    for bad in [
        r#"{"code": "x"}"#,
        r#"{"code": 1e20}"#,
        r#"{"details": {}}"#,
        r#"{"details": [{"reason": "no type"}]}"#,
        r#"{"details": [{"@type": 5}]}"#,
        r#"{"message": 5}"#,
        "[]",
    ] {
        assert!(json::from_str::<Status>(bad).is_err(), "{bad}");
    }
    for bad in [
        "{}",
        r#"{"error": null}"#,
        r#"{"error": 5}"#,
        "not json",
        r#"{"error": {"status": 5.5}}"#,
        r#"{"error": {"code": "x"}}"#,
    ] {
        let decoded = ErrorBody::decode(bad.as_bytes());
        assert!(decoded.is_err(), "{bad}: {decoded:?}");
    }
}

#[test]
fn codes_have_their_number_json_name_and_http_status() {
    let cases = [
        (Code::Ok, 0, "OK", 200),
        (Code::Cancelled, 1, "CANCELLED", 499),
        (Code::Unknown, 2, "UNKNOWN", 500),
        (Code::InvalidArgument, 3, "INVALID_ARGUMENT", 400),
        (Code::DeadlineExceeded, 4, "DEADLINE_EXCEEDED", 504),
        (Code::NotFound, 5, "NOT_FOUND", 404),
        (Code::AlreadyExists, 6, "ALREADY_EXISTS", 409),
        (Code::PermissionDenied, 7, "PERMISSION_DENIED", 403),
        (Code::ResourceExhausted, 8, "RESOURCE_EXHAUSTED", 429),
        (Code::FailedPrecondition, 9, "FAILED_PRECONDITION", 400),
        (Code::Aborted, 10, "ABORTED", 409),
        (Code::OutOfRange, 11, "OUT_OF_RANGE", 400),
        (Code::Unimplemented, 12, "UNIMPLEMENTED", 501),
        (Code::Internal, 13, "INTERNAL", 500),
        (Code::Unavailable, 14, "UNAVAILABLE", 503),
        (Code::DataLoss, 15, "DATA_LOSS", 500),
        (Code::Unauthenticated, 16, "UNAUTHENTICATED", 401),
    ];
    for (code, number, name, http) in cases {
        assert_eq!(code.number(), Some(number));
        assert_eq!(code.name(), Some(name));
        assert_eq!(code.to_string(), name);
        assert_eq!(code.http_status(), http, "{name}");
        let status: Status = json::from_value(&json!({"code": number})).unwrap();
        assert_eq!(status.code, code);
    }
    for (http, code) in [
        (400, Code::InvalidArgument),
        (401, Code::Unauthenticated),
        (403, Code::PermissionDenied),
        (404, Code::NotFound),
        (429, Code::ResourceExhausted),
        (500, Code::Internal),
        (503, Code::Unavailable),
        (418, Code::Unknown),
    ] {
        assert_eq!(Code::from_http_status(http), code, "{http}");
    }
}

#[test]
fn an_error_body_keeps_its_http_code_and_status_name() {
    let text = r#"{"error":{"code":429,"message":"slow","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"2s"}]}}"#;
    let body = ErrorBody::decode(text.as_bytes()).unwrap();
    assert_eq!(body.http_code, 429);
    assert_eq!(body.status.code, Code::ResourceExhausted);
    assert_eq!(
        body.status.retry_delay(),
        Some(std::time::Duration::from_secs(2))
    );
    assert_eq!(body.to_json(), text);

    let unnamed = ErrorBody::decode(br#"{"error":{"code":403,"message":"no"}}"#).unwrap();
    assert_eq!(unnamed.status.code, Code::PermissionDenied);

    let new_name = r#"{"error":{"code":400,"message":"","status":"BRAND_NEW"}}"#;
    let body = ErrorBody::decode(new_name.as_bytes()).unwrap();
    assert_eq!(body.status.code.name(), Some("BRAND_NEW"));
    assert_eq!(body.to_json(), new_name);
}
