//! The Rust names of types: names that keep an acronym's capitals
//! (`OAuthToken`, `HTTPRequest`, a nested `OAuthToken.IAMGrant`) are the Rust
//! names as written, their message module is the documented snake_case form
//! (`o_auth_token`); a `rust_name` (`Result` → `Outcome`) renames the type,
//! and the module of its nested types, in Rust only. The JSON they read and
//! write, and the names an OpenAPI export gives them, are the wire names.

use edge_v1::types::{o_auth_token, outcome, Choice, HTTPMethod, HTTPRequest, OAuthToken, Outcome};
use serde_json::json;

#[test]
fn a_type_named_with_acronyms_round_trips_its_json() {
    let token = OAuthToken::new()
        .set_access_token("secret")
        .set_grant(o_auth_token::IAMGrant::new().set_role("viewer"))
        .set_request(HTTPRequest::new().set_method(HTTPMethod::Post));
    let wire = json!({
        "accessToken": "secret",
        "grant": {"role": "viewer"},
        "request": {"method": "POST"},
    });
    assert_eq!(serde_json::to_value(&token).unwrap(), wire);
    let decoded: OAuthToken = serde_json::from_value(wire).unwrap();
    assert_eq!(decoded, token);
}

#[test]
fn an_enum_named_with_acronyms_strips_its_snake_case_prefix() {
    assert_eq!(
        HTTPMethod::Unspecified.to_string(),
        "HTTP_METHOD_UNSPECIFIED"
    );
    assert_eq!("GET".parse::<HTTPMethod>().unwrap(), HTTPMethod::Get);
}

#[test]
fn a_type_with_a_rust_name_reads_and_writes_the_same_json() {
    let outcome = Outcome::new()
        .set_summary("done")
        .set_detail(outcome::Details::new().set_lines(["one", "two"]))
        .set_choice(Choice::Careful);
    let wire = json!({
        "summary": "done",
        "detail": {"lines": ["one", "two"]},
        "choice": "CAREFUL",
    });
    assert_eq!(serde_json::to_value(&outcome).unwrap(), wire);
    let decoded: Outcome = serde_json::from_value(wire).unwrap();
    assert_eq!(decoded, outcome);
    assert_eq!(
        "OPTION_UNSPECIFIED".parse::<Choice>().unwrap(),
        Choice::Unspecified
    );
}

#[test]
fn an_openapi_export_names_renamed_types_by_their_wire_names() {
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/edge");
    let document: serde_json::Value =
        serde_json::from_str(&xtask::openapi(&spec).unwrap()).unwrap();
    let schemas = &document["components"]["schemas"];
    for wire in ["Result", "Result.Detail", "Option", "OAuthToken.IAMGrant"] {
        assert!(schemas.get(wire).is_some(), "no schema `{wire}`");
    }
    for rust in ["Outcome", "Details", "Choice"] {
        assert!(schemas.get(rust).is_none(), "a schema is named `{rust}`");
    }
}
