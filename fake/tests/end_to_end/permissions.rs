//! Permissions on a corpus and on a tuned model.

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::FieldMask;

use crate::tuned_models::tuning_request;
use crate::{expect_error, start};

fn reader(email: &str) -> Permission {
    Permission::new()
        .set_grantee_type(permission::GranteeType::User)
        .set_email_address(email)
        .set_role(permission::Role::Reader)
}

#[tokio::test]
async fn corpus_permissions() {
    let (client, _, _) = start().await;
    let corpus = client
        .corpora()
        .create(CreateCorpusRequest::new().set_corpus(Corpus::new().set_name("corpora/shared")))
        .await
        .unwrap();
    let permissions = client.corpora().permissions();

    let created = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent(corpus.name.clone())
                .set_permission(reader("a@example.com")),
        )
        .await
        .unwrap();
    assert!(
        created.name.starts_with("corpora/shared/permissions/"),
        "{}",
        created.name
    );
    assert_eq!(created.role, Some(permission::Role::Reader));
    for i in 0..11 {
        permissions
            .create(
                CreatePermissionRequest::new()
                    .set_parent(corpus.name.clone())
                    .set_permission(reader(&format!("u{i}@example.com"))),
            )
            .await
            .unwrap();
    }
    let everyone = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent(corpus.name.clone())
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::Everyone)
                        .set_role(permission::Role::Reader),
                ),
        )
        .await
        .unwrap();
    assert_eq!(everyone.email_address, None);

    // Validation and missing parents.
    let no_email = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent(corpus.name.clone())
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::Group)
                        .set_role(permission::Role::Writer),
                ),
        )
        .await;
    expect_error(no_email, "INVALID_ARGUMENT");
    let mut without_role = reader("b@example.com");
    without_role.role = None;
    let no_role = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent(corpus.name.clone())
                .set_permission(without_role),
        )
        .await;
    expect_error(no_role, "INVALID_ARGUMENT");
    let no_corpus = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent("corpora/none")
                .set_permission(reader("c@example.com")),
        )
        .await;
    expect_error(no_corpus, "NOT_FOUND");

    let first_page = permissions
        .list(ListPermissionsRequest::new().set_parent(corpus.name.clone()))
        .await
        .unwrap();
    assert_eq!(first_page.permissions.len(), 10);
    let all: Vec<Permission> = permissions
        .list_items(ListPermissionsRequest::new().set_parent(corpus.name.clone()))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 13);

    let patched = permissions
        .patch(
            UpdatePermissionRequest::new()
                .set_permission(
                    Permission::new()
                        .set_name(created.name.clone())
                        .set_role(permission::Role::Writer)
                        .set_email_address("ignored@example.com"),
                )
                .set_update_mask(FieldMask::new(["role"])),
        )
        .await
        .unwrap();
    assert_eq!(patched.role, Some(permission::Role::Writer));
    assert_eq!(patched.email_address.as_deref(), Some("a@example.com"));
    let immutable = permissions
        .patch(
            UpdatePermissionRequest::new()
                .set_permission(reader("x@example.com").set_name(created.name.clone()))
                .set_update_mask(FieldMask::new(["emailAddress"])),
        )
        .await;
    expect_error(immutable, "INVALID_ARGUMENT");
    let got = permissions
        .get(GetPermissionRequest::new().set_name(created.name.clone()))
        .await
        .unwrap();
    assert_eq!(got, patched);

    permissions
        .delete(DeletePermissionRequest::new().set_name(created.name.clone()))
        .await
        .unwrap();
    expect_error(
        permissions
            .get(GetPermissionRequest::new().set_name(created.name.clone()))
            .await,
        "NOT_FOUND",
    );

    // Deleting the corpus takes its permissions along.
    client
        .corpora()
        .delete(DeleteCorpusRequest::new().set_name(corpus.name.clone()))
        .await
        .unwrap();
    expect_error(
        permissions
            .get(GetPermissionRequest::new().set_name(everyone.name.clone()))
            .await,
        "NOT_FOUND",
    );
}

#[tokio::test]
async fn tuned_model_permissions() {
    let (client, _, _) = start().await;
    let operation = client
        .tuned_models()
        .create(tuning_request(Some("shared-model")))
        .await
        .unwrap();
    assert_eq!(
        operation.name().split("/operations/").next(),
        Some("tunedModels/shared-model")
    );
    let permissions = client.tuned_models().permissions();
    let parent = "tunedModels/shared-model".to_owned();

    let created = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent(parent.clone())
                .set_permission(reader("a@example.com")),
        )
        .await
        .unwrap();
    assert!(created
        .name
        .starts_with("tunedModels/shared-model/permissions/"));
    let public = permissions
        .create(
            CreatePermissionRequest::new()
                .set_parent(parent.clone())
                .set_permission(
                    Permission::new()
                        .set_grantee_type(permission::GranteeType::Everyone)
                        .set_role(permission::Role::Reader),
                ),
        )
        .await
        .unwrap();
    let listed = permissions
        .list(
            ListPermissionsRequest::new()
                .set_parent(parent.clone())
                .set_page_size(1),
        )
        .await
        .unwrap();
    assert_eq!(listed.permissions.len(), 1);
    assert!(!listed.next_page_token.is_empty());

    // readers:everyone lists the models shared with everyone.
    let shared = client
        .tuned_models()
        .list(ListTunedModelsRequest::new().set_filter("readers:everyone"))
        .await
        .unwrap();
    assert_eq!(shared.tuned_models.len(), 1);
    permissions
        .delete(DeletePermissionRequest::new().set_name(public.name.clone()))
        .await
        .unwrap();
    let shared = client
        .tuned_models()
        .list(ListTunedModelsRequest::new().set_filter("readers:everyone"))
        .await
        .unwrap();
    assert!(shared.tuned_models.is_empty());

    let no_mask = permissions
        .patch(
            UpdatePermissionRequest::new().set_permission(
                Permission::new()
                    .set_name(created.name.clone())
                    .set_role(permission::Role::Writer),
            ),
        )
        .await;
    expect_error(no_mask, "INVALID_ARGUMENT");
    let missing = permissions
        .patch(
            UpdatePermissionRequest::new()
                .set_permission(
                    Permission::new()
                        .set_name("tunedModels/shared-model/permissions/nope")
                        .set_role(permission::Role::Writer),
                )
                .set_update_mask(FieldMask::new(["role"])),
        )
        .await;
    expect_error(missing, "NOT_FOUND");
    let no_model = permissions
        .list(ListPermissionsRequest::new().set_parent("tunedModels/none"))
        .await;
    expect_error(no_model, "NOT_FOUND");

    client
        .tuned_models()
        .delete(DeleteTunedModelRequest::new().set_name(parent.clone()))
        .await
        .unwrap();
    expect_error(
        permissions
            .get(GetPermissionRequest::new().set_name(created.name.clone()))
            .await,
        "NOT_FOUND",
    );
}
