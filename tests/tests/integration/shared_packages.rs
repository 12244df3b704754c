//! Shared Google packages the edge spec names without declaring them
//! (`google.iam.v1`, and `google.type` through `Binding.condition`): the
//! runtime holds them, generated there once; each crate re-exports the
//! package modules it uses from `types`, and they read and write the JSON of
//! Google's IAM API.

use std::sync::Mutex;

use apigen_runtime::server::ServerError;
use edge_v1::server::{router, Service};
use edge_v1::types::google_iam_v1::{
    audit_log_config::LogType, AuditConfig, AuditLogConfig, Binding, GetIamPolicyRequest, Policy,
    SetIamPolicyRequest, TestIamPermissionsRequest, TestIamPermissionsResponse,
};
use edge_v1::types::google_type::Expr;
use edge_v1::Client;

/// A vault whose policy the client reads and replaces, holding only
/// `vaults.read` for the caller.
#[derive(Default)]
struct Vaults {
    policy: Mutex<Policy>,
}

impl Service for Vaults {
    async fn vaults_get_iam_policy(
        &self,
        request: GetIamPolicyRequest,
    ) -> Result<Policy, ServerError> {
        assert_eq!(request.resource, "vaults/v1");
        Ok(self.policy.lock().unwrap().clone())
    }

    async fn vaults_set_iam_policy(
        &self,
        request: SetIamPolicyRequest,
    ) -> Result<Policy, ServerError> {
        let policy = request.policy.unwrap_or_default().set_etag(b"v2".to_vec());
        *self.policy.lock().unwrap() = policy.clone();
        Ok(policy)
    }

    async fn vaults_test_iam_permissions(
        &self,
        request: TestIamPermissionsRequest,
    ) -> Result<TestIamPermissionsResponse, ServerError> {
        let held = request
            .permissions
            .into_iter()
            .filter(|permission| permission == "vaults.read");
        Ok(TestIamPermissionsResponse::new().set_permissions(held))
    }
}

fn conditional_policy() -> Policy {
    let condition = Expr::new()
        .set_title("office hours")
        .set_expression("request.time.getHours(\"Europe/Berlin\") < 18");
    let binding = Binding::new()
        .set_role("roles/viewer")
        .set_members(["user:ada@example.com", "group:staff@example.com"])
        .set_condition(condition);
    let audit = AuditConfig::new()
        .set_service("allServices")
        .set_audit_log_configs([AuditLogConfig::new()
            .set_log_type(LogType::DataRead)
            .set_exempted_members(["user:ada@example.com"])]);
    Policy::new()
        .set_version(3)
        .set_bindings([binding])
        .set_audit_configs([audit])
        .set_etag(b"v1".to_vec())
}

#[test]
fn an_iam_policy_reads_and_writes_googles_json() {
    let wire = serde_json::json!({
        "version": 3,
        "bindings": [{
            "role": "roles/viewer",
            "members": ["user:ada@example.com", "group:staff@example.com"],
            "condition": {
                "expression": "request.time.getHours(\"Europe/Berlin\") < 18",
                "title": "office hours"
            }
        }],
        "auditConfigs": [{
            "service": "allServices",
            "auditLogConfigs": [{"logType": "DATA_READ", "exemptedMembers": ["user:ada@example.com"]}]
        }],
        "etag": "djE="
    });
    let policy: Policy = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(policy, conditional_policy());
    assert_eq!(serde_json::to_value(&policy).unwrap(), wire);
    // `types` re-exports the package's top-level types and modules.
    let reexported: &edge_v1::types::Policy = &policy;
    let log_type = edge_v1::types::audit_log_config::LogType::DataRead;
    assert_eq!(
        reexported.audit_configs[0].audit_log_configs[0].log_type,
        log_type
    );
}

#[tokio::test]
async fn iam_calls_carry_the_shared_types_between_client_and_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, router(Vaults::default()))
            .await
            .unwrap()
    });
    let client = Client::builder().base_url(&base).build().unwrap();
    let vaults = client.vaults();

    let set = SetIamPolicyRequest::new()
        .set_resource("vaults/v1")
        .set_policy(conditional_policy());
    let stored = vaults.set_iam_policy(set).await.unwrap();
    assert_eq!(stored, conditional_policy().set_etag(b"v2".to_vec()));

    let read = GetIamPolicyRequest::new().set_resource("vaults/v1");
    assert_eq!(vaults.get_iam_policy(read).await.unwrap(), stored);

    let test = TestIamPermissionsRequest::new()
        .set_resource("vaults/v1")
        .set_permissions(["vaults.read", "vaults.delete"]);
    let held = vaults.test_iam_permissions(test).await.unwrap();
    assert_eq!(held.permissions, ["vaults.read"]);
}

/// The `api:` section of the small specs below.
const API: &str = r#"
api:
  name: atlas
  title: Atlas API
  version: v1
  description: "Places on a map."
  package: example.atlas.v1
  base_url: https://atlas.example.com
  crate_name: atlas-v1
  crate_version: 0.1.0
"#;

fn resolve(files: &[(&str, &str)]) -> Result<apigen::model::Api, apigen::Diagnostics> {
    let sources = [("api.yaml", API)]
        .iter()
        .chain(files)
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
    apigen::resolve::resolve(&apigen::spec::load_sources(sources, ""))
}

#[test]
fn two_api_crates_share_one_google_type_from_the_runtime() {
    // Built with one API's crate, named through another's: one type, not a copy per crate.
    let place: edge_v1::types::google_type::LatLng = gemini_v1beta::types::LatLng::new()
        .set_latitude(52.5)
        .set_longitude(13.4);
    let runtime: &apigen_runtime::types::google_type::LatLng = &place;
    assert_eq!(
        apigen_runtime::codec::to_string(runtime),
        r#"{"latitude":52.5,"longitude":13.4}"#
    );
    // The generated crates hold no copy of the shipped types.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap();
    for crate_dir in ["generated", "tests/edge", "tests/zoo"] {
        assert!(
            !root.join(crate_dir).join("src/types/packages").exists(),
            "{crate_dir}"
        );
    }
}

#[test]
fn a_crate_re_exports_only_the_shipped_packages_its_spec_uses() {
    let place = r#"
messages:
  Place:
    description: "A place whose visitors hold a role."
    fields:
      visitors:
        type: google.iam.v1.Binding
        description: "Who may visit."
"#;
    let api = resolve(&[("place.yaml", place)]).unwrap_or_else(|problems| panic!("{problems}"));
    let generated: Vec<(&str, Vec<&str>)> = (api.package_modules.iter())
        .map(|module| {
            let types = module
                .messages
                .iter()
                .map(|message| message.path.rust_name.as_str());
            (module.module.as_str(), types.collect())
        })
        .collect();
    // `Binding` names `google.type.Expr`; `Policy` and the other packages are not used.
    assert_eq!(
        generated,
        [
            ("google_iam_v1", vec!["Binding"]),
            ("google_type", vec!["Expr"])
        ]
    );
}

#[test]
fn a_package_the_spec_declares_leaves_out_the_shipped_packages_that_name_it() {
    let own_type = r#"
package: google.type
messages:
  LatLng:
    description: "Our own point on a map."
    fields:
      latitude:
        type: double
        description: "Degrees north."
"#;
    let place = r#"
messages:
  Place:
    description: "A place."
    fields:
      where:
        type: google.type.LatLng
        description: "Where it is: the spec's own type."
"#;
    // The shipped `google.iam.v1` names `google.type.Expr`, which the spec's
    // own `google.type` lacks: it is left out rather than reported.
    let api = resolve(&[("google_type.yaml", own_type), ("place.yaml", place)])
        .unwrap_or_else(|problems| panic!("{problems}"));
    assert!(api.package_modules.is_empty());

    let guarded = r#"
messages:
  Vault:
    description: "A guarded place."
    fields:
      policy:
        type: google.iam.v1.Policy
        description: "Who may open it."
"#;
    let problems = resolve(&[("google_type.yaml", own_type), ("vault.yaml", guarded)])
        .expect_err("google.iam.v1 is left out with the declared google.type");
    let text = problems.to_string();
    assert!(
        text.contains("`google.iam.v1.Policy` is in apigen's shared `google.iam.v1`, which is left out: it names types of `google.type`, which the spec declares itself"),
        "{text}"
    );
    assert!(text.contains("vault.yaml:7:15"), "{text}");
}
