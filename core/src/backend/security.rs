//! `security_context`: secrets and the service account (WIRE.md §5.2).

use taskc_wire::flyteidl2::core::{
    Identity, Secret as WireSecret, SecurityContext, secret::MountType,
};

use crate::semantic::model::{Secret, Settings};

fn secret(secret: &Secret) -> WireSecret {
    let mount = if secret.is_file_mount() {
        MountType::File
    } else {
        MountType::EnvVar
    };
    WireSecret {
        group: secret.group.clone().unwrap_or_default(),
        key: secret.key.clone(),
        mount_requirement: mount as i32,
        env_var: secret.effective_env_var().unwrap_or_default(),
        ..Default::default()
    }
}

/// `None` when there are no secrets and no service account.
pub(crate) fn security_context(settings: &Settings) -> Option<SecurityContext> {
    let secrets: Vec<WireSecret> = settings
        .secrets
        .as_ref()
        .map(|s| s.value.iter().map(secret).collect())
        .unwrap_or_default();
    let run_as = settings.service_account.as_ref().map(|sa| Identity {
        k8s_service_account: sa.value.clone(),
        ..Default::default()
    });
    if secrets.is_empty() && run_as.is_none() {
        return None;
    }
    Some(SecurityContext {
        run_as,
        secrets,
        ..Default::default()
    })
}
