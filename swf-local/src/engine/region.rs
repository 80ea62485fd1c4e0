//! The region the service stands for: it is in every ARN the engine forms, and with an auth file
//! a signature must be scoped to it, as AWS scopes a signature to the regional endpoint's region.

use crate::server::SettingError;

/// The region when none is configured, the one SDKs and the AWS CLI fall back to most often.
pub(crate) const DEFAULT_REGION: &str = "us-east-1";

/// Refuses a region that could not be one: AWS's regions are lowercase letters, digits and
/// single inner hyphens (`us-east-1`, `us-gov-west-1`, `cn-north-1`). Anything else would make
/// ARNs no client could parse, and signatures no SDK would scope to it.
pub(crate) fn check_region(region: &str) -> Result<(), SettingError> {
    let well_formed = !region.is_empty()
        && region.len() <= 50
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-')
        && !region.contains("--");
    if well_formed {
        return Ok(());
    }
    Err(SettingError::new(
        "region",
        format!(
            "`{region}` is not a region name: lowercase letters, digits and inner hyphens, at \
             most 50, such as us-east-1"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_checked_by_their_shape() {
        for good in ["us-east-1", "us-gov-west-1", "cn-north-1", "local"] {
            assert!(check_region(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "US-EAST-1",
            "us east 1",
            "-us",
            "us-",
            "us--east",
            "us/east",
        ] {
            let err = check_region(bad).unwrap_err();
            assert_eq!(err.setting, "region");
            assert!(err.problem.contains(&format!("`{bad}`")), "{}", err.problem);
        }
        assert!(check_region(&"a".repeat(51)).is_err());
    }
}
