//! Permissions on a corpus and on a tuned model.

use futures_util::TryStreamExt;
use gemini_v1beta::types::*;
use gemini_v1beta::FieldMask;

use crate::tuned_models::tuning_request;
use crate::{expect_error, start};

fn reader(email: &str) -> Permission {
    Permission {
        grantee_type: Some(GranteeType::User),
        email_address: Some(email.into()),
        role: Some(Role::Reader),
        ..Default::default()
    }
}

#[tokio::test]
async fn corpus_permissions() {
    let (client, _, _) = start().await;
    let corpus = client
        .corpora()
        .create(CreateCorpusRequest {
            corpus: Some(Corpus {
                name: "corpora/shared".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let permissions = client.corpora().permissions();

    let created = permissions
        .create(CreatePermissionRequest {
            parent: corpus.name.clone(),
            permission: Some(reader("a@example.com")),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        created.name.starts_with("corpora/shared/permissions/"),
        "{}",
        created.name
    );
    assert_eq!(created.role, Some(Role::Reader));
    for i in 0..11 {
        permissions
            .create(CreatePermissionRequest {
                parent: corpus.name.clone(),
                permission: Some(reader(&format!("u{i}@example.com"))),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let everyone = permissions
        .create(CreatePermissionRequest {
            parent: corpus.name.clone(),
            permission: Some(Permission {
                grantee_type: Some(GranteeType::Everyone),
                role: Some(Role::Reader),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(everyone.email_address, None);

    // Validation and missing parents.
    let no_email = permissions
        .create(CreatePermissionRequest {
            parent: corpus.name.clone(),
            permission: Some(Permission {
                grantee_type: Some(GranteeType::Group),
                role: Some(Role::Writer),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    expect_error(no_email, "INVALID_ARGUMENT");
    let no_role = permissions
        .create(CreatePermissionRequest {
            parent: corpus.name.clone(),
            permission: Some(Permission {
                role: None,
                ..reader("b@example.com")
            }),
            ..Default::default()
        })
        .await;
    expect_error(no_role, "INVALID_ARGUMENT");
    let no_corpus = permissions
        .create(CreatePermissionRequest {
            parent: "corpora/none".into(),
            permission: Some(reader("c@example.com")),
            ..Default::default()
        })
        .await;
    expect_error(no_corpus, "NOT_FOUND");

    let first_page = permissions
        .list(ListPermissionsRequest {
            parent: corpus.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(first_page.permissions.len(), 10);
    let all: Vec<Permission> = permissions
        .list_items(ListPermissionsRequest {
            parent: corpus.name.clone(),
            ..Default::default()
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 13);

    let patched = permissions
        .patch(UpdatePermissionRequest {
            permission: Some(Permission {
                name: created.name.clone(),
                role: Some(Role::Writer),
                email_address: Some("ignored@example.com".into()),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["role"])),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(patched.role, Some(Role::Writer));
    assert_eq!(patched.email_address.as_deref(), Some("a@example.com"));
    let immutable = permissions
        .patch(UpdatePermissionRequest {
            permission: Some(Permission {
                name: created.name.clone(),
                ..reader("x@example.com")
            }),
            update_mask: Some(FieldMask::new(["emailAddress"])),
            ..Default::default()
        })
        .await;
    expect_error(immutable, "INVALID_ARGUMENT");
    let got = permissions
        .get(GetPermissionRequest {
            name: created.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(got, patched);

    permissions
        .delete(DeletePermissionRequest {
            name: created.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    expect_error(
        permissions
            .get(GetPermissionRequest {
                name: created.name.clone(),
                ..Default::default()
            })
            .await,
        "NOT_FOUND",
    );

    // Deleting the corpus takes its permissions along.
    client
        .corpora()
        .delete(DeleteCorpusRequest {
            name: corpus.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    expect_error(
        permissions
            .get(GetPermissionRequest {
                name: everyone.name.clone(),
                ..Default::default()
            })
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
        .create(CreatePermissionRequest {
            parent: parent.clone(),
            permission: Some(reader("a@example.com")),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(created
        .name
        .starts_with("tunedModels/shared-model/permissions/"));
    let public = permissions
        .create(CreatePermissionRequest {
            parent: parent.clone(),
            permission: Some(Permission {
                grantee_type: Some(GranteeType::Everyone),
                role: Some(Role::Reader),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let listed = permissions
        .list(ListPermissionsRequest {
            parent: parent.clone(),
            page_size: 1,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.permissions.len(), 1);
    assert!(!listed.next_page_token.is_empty());

    // readers:everyone lists the models shared with everyone.
    let shared = client
        .tuned_models()
        .list(ListTunedModelsRequest {
            filter: "readers:everyone".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(shared.tuned_models.len(), 1);
    permissions
        .delete(DeletePermissionRequest {
            name: public.name.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let shared = client
        .tuned_models()
        .list(ListTunedModelsRequest {
            filter: "readers:everyone".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(shared.tuned_models.is_empty());

    let no_mask = permissions
        .patch(UpdatePermissionRequest {
            permission: Some(Permission {
                name: created.name.clone(),
                role: Some(Role::Writer),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    expect_error(no_mask, "INVALID_ARGUMENT");
    let missing = permissions
        .patch(UpdatePermissionRequest {
            permission: Some(Permission {
                name: "tunedModels/shared-model/permissions/nope".into(),
                role: Some(Role::Writer),
                ..Default::default()
            }),
            update_mask: Some(FieldMask::new(["role"])),
            ..Default::default()
        })
        .await;
    expect_error(missing, "NOT_FOUND");
    let no_model = permissions
        .list(ListPermissionsRequest {
            parent: "tunedModels/none".into(),
            ..Default::default()
        })
        .await;
    expect_error(no_model, "NOT_FOUND");

    client
        .tuned_models()
        .delete(DeleteTunedModelRequest {
            name: parent.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    expect_error(
        permissions
            .get(GetPermissionRequest {
                name: created.name.clone(),
                ..Default::default()
            })
            .await,
        "NOT_FOUND",
    );
}
