//! Permissions on corpora and on tuned models.

use gemini_v1beta::server::ServerError;
use gemini_v1beta::types::*;

use crate::errors::{not_found, required};
use crate::mask::{self, WhenEmpty};
use crate::names;
use crate::paging::{Limits, ListCall};
use crate::state::State;

/// permissions.list: 10 by default, at most 1000.
const LIMITS: Limits = Limits {
    default: 10,
    max: 1000,
};

/// Checks the grantee and role of a permission to create.
fn check_new(permission: &Permission) -> Result<(), ServerError> {
    let email = permission.email_address.as_deref().unwrap_or_default();
    match permission.grantee_type.as_ref() {
        Some(permission::GranteeType::User | permission::GranteeType::Group)
            if email.is_empty() =>
        {
            Err(required(
                "permission.emailAddress (for a USER or GROUP grantee)",
            ))
        }
        Some(permission::GranteeType::User | permission::GranteeType::Group) => Ok(()),
        Some(permission::GranteeType::Everyone) if !email.is_empty() => {
            Err(ServerError::invalid_argument(
                "permission.emailAddress must be unset for an EVERYONE grantee",
            ))
        }
        Some(permission::GranteeType::Everyone) => Ok(()),
        _ => Err(required("permission.granteeType (USER, GROUP or EVERYONE)")),
    }?;
    check_role(permission.role.as_ref())
}

fn check_role(role: Option<&permission::Role>) -> Result<(), ServerError> {
    match role {
        Some(permission::Role::Reader | permission::Role::Writer | permission::Role::Owner) => {
            Ok(())
        }
        _ => Err(required("permission.role (READER, WRITER or OWNER)")),
    }
}

impl State {
    /// NOT_FOUND unless `parent` (a corpus or a tuned model) exists.
    fn require_permission_parent(&self, parent: &str) -> Result<(), ServerError> {
        let exists = if parent.starts_with("corpora/") {
            self.corpora.contains_key(parent)
        } else {
            self.tuned_models.contains_key(parent)
        };
        if exists {
            Ok(())
        } else {
            let kind = if parent.starts_with("corpora/") {
                "corpus"
            } else {
                "tuned model"
            };
            Err(not_found(kind, parent))
        }
    }

    /// Grants a permission on an existing corpus or tuned model.
    pub(crate) fn permissions_create(
        &mut self,
        request: CreatePermissionRequest,
    ) -> Result<Permission, ServerError> {
        self.require_permission_parent(&request.parent)?;
        let mut permission = request.permission.ok_or_else(|| required("permission"))?;
        check_new(&permission)?;
        permission.name = loop {
            let name = format!(
                "{}/permissions/{}",
                request.parent,
                names::new_id(&mut self.ids)
            );
            if !self.permissions.contains_key(&name) {
                break name;
            }
        };
        permission.unknown_fields.clear();
        self.permissions
            .insert(permission.name.clone(), permission.clone());
        Ok(permission)
    }

    /// The permission `name`.
    pub(crate) fn permissions_get(&self, name: &str) -> Result<Permission, ServerError> {
        self.permissions
            .get(name)
            .cloned()
            .ok_or_else(|| not_found("permission", name))
    }

    /// A page of the permissions of a corpus or tuned model (`method` tells the listings apart).
    pub(crate) fn permissions_list(
        &self,
        request: &ListPermissionsRequest,
        method: &str,
    ) -> Result<ListPermissionsResponse, ServerError> {
        self.require_permission_parent(&request.parent)?;
        let prefix = names::children_prefix(&request.parent, "permissions");
        let page = ListCall {
            scope: method,
            prefix: &prefix,
            page_size: request.page_size,
            page_token: &request.page_token,
            limits: LIMITS,
        }
        .page(&self.permissions, |_| true)?
        .cloned();
        Ok(ListPermissionsResponse::new()
            .set_permissions(page.items)
            .set_next_page_token(page.next_page_token))
    }

    /// Changes the role of a permission, the only field that may change.
    pub(crate) fn permissions_patch(
        &mut self,
        request: UpdatePermissionRequest,
    ) -> Result<Permission, ServerError> {
        let update = request.permission.ok_or_else(|| required("permission"))?;
        mask::fields(
            request.update_mask.as_ref(),
            &["role"],
            "permission",
            WhenEmpty::Refuse,
        )?;
        let permission = self
            .permissions
            .get_mut(&update.name)
            .ok_or_else(|| not_found("permission", &update.name))?;
        check_role(update.role.as_ref())?;
        permission.role = update.role;
        Ok(permission.clone())
    }

    /// Deletes the permission `name`.
    pub(crate) fn permissions_delete(&mut self, name: &str) -> Result<(), ServerError> {
        self.permissions
            .remove(name)
            .map(drop)
            .ok_or_else(|| not_found("permission", name))
    }
}
