//! Type names that keep an acronym's capitals (`OAuthToken`, `HTTPRequest`,
//! a nested `OAuthToken.IAMGrant`) are the Rust names as written, their
//! message module is the documented snake_case form (`o_auth_token`), and
//! the JSON they read and write is unchanged by the capitals.

use edge_v1::types::{o_auth_token, HTTPMethod, HTTPRequest, OAuthToken};
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
