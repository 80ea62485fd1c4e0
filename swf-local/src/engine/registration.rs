//! Registration: domains, activity types, workflow types and the tags of domains.

use super::history::page_size;
use super::listing::keyset_page;
use super::state::{ActivityTypeRecord, DomainMeta, DomainState, WorkflowTypeRecord, type_key};
use super::{Domain, Engine};
use crate::error::{Fault, FaultKind};
use std::sync::Arc;
use swf_core::limits::{MAX_DOMAIN_TAGS, MAX_DOMAINS, MAX_RETENTION_DAYS, MAX_TYPES_PER_DOMAIN};
use swf_core::types::*;

fn describe_type(kind: &str, name: &str, version: &str) -> String {
    format!("{kind}=[name={name}, version={version}]")
}

impl Engine {
    /// `RegisterDomain`.
    pub(crate) async fn register_domain(&self, input: RegisterDomainInput) -> Result<(), Fault> {
        let days = &input.workflow_execution_retention_period_in_days;
        match days.parse::<u32>() {
            Ok(d) if d <= MAX_RETENTION_DAYS && days.bytes().all(|b| b.is_ascii_digit()) => {}
            // SWF takes NONE as "keep nothing", like 0.
            _ if days == "NONE" => {}
            _ => {
                return Err(Fault::validation(format!(
                    "Value '{days}' at 'workflowExecutionRetentionPeriodInDays' failed to satisfy constraint: must be NONE or a whole number of days from 0 to {MAX_RETENTION_DAYS}"
                )));
            }
        }
        let tags = input.tags.unwrap_or_default();
        if tags.len() > MAX_DOMAIN_TAGS {
            return Err(Fault::new(
                FaultKind::TooManyTags,
                format!("A domain can have at most {MAX_DOMAIN_TAGS} tags"),
            ));
        }
        let domain = {
            let mut domains = self.domains.write().unwrap_or_else(|e| e.into_inner());
            if domains.contains_key(&input.name) {
                return Err(Fault::new(FaultKind::DomainAlreadyExists, input.name));
            }
            if domains.len() >= MAX_DOMAINS {
                return Err(Fault::new(
                    FaultKind::LimitExceeded,
                    format!(
                        "Registered domain limit of {MAX_DOMAINS} exceeded (deprecated domains count)"
                    ),
                ));
            }
            let meta = DomainMeta {
                info: DomainInfo {
                    arn: Some(self.domain_arn(&input.name)),
                    description: input.description,
                    name: input.name.clone(),
                    status: RegistrationStatus::Registered,
                },
                retention_days: input.workflow_execution_retention_period_in_days,
                tags,
                activity_types: Default::default(),
                workflow_types: Default::default(),
            };
            let domain = Arc::new(Domain::new(DomainState::new(meta)));
            domains.insert(input.name, domain.clone());
            domain
        };
        self.mutate(&domain, |_| Ok(())).await
    }

    /// `ListDomains`.
    pub(crate) fn list_domains(&self, input: ListDomainsInput) -> Result<DomainInfos, Fault> {
        let mut items: Vec<(String, DomainInfo)> = self
            .all_domains()
            .iter()
            .map(|d| d.lock().meta.info.clone())
            .filter(|info| info.status == input.registration_status)
            .map(|info| (info.name.clone(), info))
            .collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        let (domain_infos, next_page_token) = keyset_page(
            "domains",
            items,
            input.next_page_token.as_deref(),
            page_size(input.maximum_page_size),
            input.reverse_order.unwrap_or(false),
        )?;
        Ok(DomainInfos {
            domain_infos,
            next_page_token,
        })
    }

    /// The domain a tagging operation's ARN names.
    pub(crate) fn domain_by_arn(&self, arn: &str) -> Result<Arc<Domain>, Fault> {
        let name = arn
            .split_once(":/domain/")
            .map(|(_, name)| name)
            .ok_or_else(|| Fault::unknown(format!("Unknown resource: {arn}")))?;
        let domain = self.domain(name)?;
        if self.domain_arn(name) != arn {
            return Err(Fault::unknown(format!("Unknown resource: {arn}")));
        }
        Ok(domain)
    }
}

impl DomainState {
    /// `DescribeDomain`.
    pub(crate) fn describe_domain(&self) -> DomainDetail {
        DomainDetail {
            configuration: DomainConfiguration {
                workflow_execution_retention_period_in_days: self.meta.retention_days.clone(),
            },
            domain_info: self.meta.info.clone(),
        }
    }

    /// `DeprecateDomain`.
    pub(crate) fn deprecate_domain(&mut self) -> Result<(), Fault> {
        if self.is_deprecated() {
            return Err(Fault::new(
                FaultKind::DomainDeprecated,
                self.name.to_string(),
            ));
        }
        self.meta.info.status = RegistrationStatus::Deprecated;
        self.changes.meta = true;
        Ok(())
    }

    /// `UndeprecateDomain`.
    pub(crate) fn undeprecate_domain(&mut self) -> Result<(), Fault> {
        if !self.is_deprecated() {
            return Err(Fault::new(
                FaultKind::DomainAlreadyExists,
                self.name.to_string(),
            ));
        }
        self.meta.info.status = RegistrationStatus::Registered;
        self.changes.meta = true;
        Ok(())
    }

    /// `TagResource`.
    pub(crate) fn tag_domain(&mut self, tags: Vec<ResourceTag>) -> Result<(), Fault> {
        let mut merged = self.meta.tags.clone();
        for tag in tags {
            match merged.iter_mut().find(|t| t.key == tag.key) {
                Some(existing) => existing.value = tag.value,
                None => merged.push(tag),
            }
        }
        if merged.len() > MAX_DOMAIN_TAGS {
            return Err(Fault::new(
                FaultKind::TooManyTags,
                format!("A domain can have at most {MAX_DOMAIN_TAGS} tags"),
            ));
        }
        self.meta.tags = merged;
        self.changes.meta = true;
        Ok(())
    }

    /// `UntagResource`.
    pub(crate) fn untag_domain(&mut self, keys: &[String]) {
        self.meta.tags.retain(|t| !keys.contains(&t.key));
        self.changes.meta = true;
    }

    fn registrable(&self) -> Result<(), Fault> {
        if self.is_deprecated() {
            // The model gives these operations no DomainDeprecatedFault: SWF answers that the
            // domain is not available to them.
            return Err(Fault::unknown(format!(
                "Domain is deprecated: {}",
                self.name
            )));
        }
        Ok(())
    }

    /// `RegisterActivityType`.
    pub(crate) fn register_activity_type(
        &mut self,
        i: RegisterActivityTypeInput,
    ) -> Result<(), Fault> {
        self.registrable()?;
        for (field, value) in [
            (
                "defaultTaskHeartbeatTimeout",
                &i.default_task_heartbeat_timeout,
            ),
            (
                "defaultTaskScheduleToCloseTimeout",
                &i.default_task_schedule_to_close_timeout,
            ),
            (
                "defaultTaskScheduleToStartTimeout",
                &i.default_task_schedule_to_start_timeout,
            ),
            (
                "defaultTaskStartToCloseTimeout",
                &i.default_task_start_to_close_timeout,
            ),
        ] {
            if let Some(v) = value {
                super::durations::parse(field, v)?;
            }
        }
        let key = type_key(&i.name, &i.version);
        if self.meta.activity_types.contains_key(&key) {
            return Err(Fault::new(
                FaultKind::TypeAlreadyExists,
                describe_type("ActivityType", &i.name, &i.version),
            ));
        }
        check_type_quota("activity", self.meta.activity_types.len())?;
        let record = ActivityTypeRecord {
            info: ActivityTypeInfo {
                activity_type: ActivityType {
                    name: i.name,
                    version: i.version,
                },
                creation_date: Timestamp::from_millis(self.now),
                deprecation_date: None,
                description: i.description,
                status: RegistrationStatus::Registered,
            },
            config: ActivityTypeConfiguration {
                default_task_heartbeat_timeout: i.default_task_heartbeat_timeout,
                default_task_list: i.default_task_list,
                default_task_priority: i.default_task_priority,
                default_task_schedule_to_close_timeout: i.default_task_schedule_to_close_timeout,
                default_task_schedule_to_start_timeout: i.default_task_schedule_to_start_timeout,
                default_task_start_to_close_timeout: i.default_task_start_to_close_timeout,
            },
        };
        self.meta.activity_types.insert(key, record);
        self.changes.meta = true;
        Ok(())
    }

    /// `RegisterWorkflowType`.
    pub(crate) fn register_workflow_type(
        &mut self,
        i: RegisterWorkflowTypeInput,
    ) -> Result<(), Fault> {
        self.registrable()?;
        if let Some(v) = &i.default_execution_start_to_close_timeout
            && super::durations::parse("defaultExecutionStartToCloseTimeout", v)?.is_none()
        {
            return Err(Fault::validation(
                "defaultExecutionStartToCloseTimeout cannot be NONE",
            ));
        }
        if let Some(v) = &i.default_task_start_to_close_timeout {
            super::durations::parse("defaultTaskStartToCloseTimeout", v)?;
        }
        let key = type_key(&i.name, &i.version);
        if self.meta.workflow_types.contains_key(&key) {
            return Err(Fault::new(
                FaultKind::TypeAlreadyExists,
                describe_type("WorkflowType", &i.name, &i.version),
            ));
        }
        check_type_quota("workflow", self.meta.workflow_types.len())?;
        let record = WorkflowTypeRecord {
            info: WorkflowTypeInfo {
                creation_date: Timestamp::from_millis(self.now),
                deprecation_date: None,
                description: i.description,
                status: RegistrationStatus::Registered,
                workflow_type: WorkflowType {
                    name: i.name,
                    version: i.version,
                },
            },
            config: WorkflowTypeConfiguration {
                default_child_policy: i.default_child_policy,
                default_execution_start_to_close_timeout: i
                    .default_execution_start_to_close_timeout,
                default_lambda_role: i.default_lambda_role,
                default_task_list: i.default_task_list,
                default_task_priority: i.default_task_priority,
                default_task_start_to_close_timeout: i.default_task_start_to_close_timeout,
            },
        };
        self.meta.workflow_types.insert(key, record);
        self.changes.meta = true;
        Ok(())
    }

    fn activity_type_mut(&mut self, t: &ActivityType) -> Result<&mut ActivityTypeRecord, Fault> {
        self.meta
            .activity_types
            .get_mut(&type_key(&t.name, &t.version))
            .ok_or_else(|| {
                Fault::unknown(format!(
                    "Unknown type: {}",
                    describe_type("ActivityType", &t.name, &t.version)
                ))
            })
    }

    fn workflow_type_mut(&mut self, t: &WorkflowType) -> Result<&mut WorkflowTypeRecord, Fault> {
        self.meta
            .workflow_types
            .get_mut(&type_key(&t.name, &t.version))
            .ok_or_else(|| {
                Fault::unknown(format!(
                    "Unknown type: {}",
                    describe_type("WorkflowType", &t.name, &t.version)
                ))
            })
    }

    /// `DescribeActivityType`.
    pub(crate) fn describe_activity_type(
        &mut self,
        t: &ActivityType,
    ) -> Result<ActivityTypeDetail, Fault> {
        let r = self.activity_type_mut(t)?;
        Ok(ActivityTypeDetail {
            configuration: r.config.clone(),
            type_info: r.info.clone(),
        })
    }

    /// `DescribeWorkflowType`.
    pub(crate) fn describe_workflow_type(
        &mut self,
        t: &WorkflowType,
    ) -> Result<WorkflowTypeDetail, Fault> {
        let r = self.workflow_type_mut(t)?;
        Ok(WorkflowTypeDetail {
            configuration: r.config.clone(),
            type_info: r.info.clone(),
        })
    }

    /// `DeprecateActivityType` (`deprecate`) and `UndeprecateActivityType`.
    pub(crate) fn set_activity_type_deprecated(
        &mut self,
        t: &ActivityType,
        deprecate: bool,
    ) -> Result<(), Fault> {
        let now = self.now;
        let r = self.activity_type_mut(t)?;
        let what = || describe_type("ActivityType", &t.name, &t.version);
        set_type_deprecated(
            &mut r.info.status,
            &mut r.info.deprecation_date,
            deprecate,
            now,
            what,
        )?;
        self.changes.meta = true;
        Ok(())
    }

    /// `DeprecateWorkflowType` (`deprecate`) and `UndeprecateWorkflowType`.
    pub(crate) fn set_workflow_type_deprecated(
        &mut self,
        t: &WorkflowType,
        deprecate: bool,
    ) -> Result<(), Fault> {
        let now = self.now;
        let r = self.workflow_type_mut(t)?;
        let what = || describe_type("WorkflowType", &t.name, &t.version);
        set_type_deprecated(
            &mut r.info.status,
            &mut r.info.deprecation_date,
            deprecate,
            now,
            what,
        )?;
        self.changes.meta = true;
        Ok(())
    }

    /// `DeleteActivityType`: only a deprecated type can be deleted.
    pub(crate) fn delete_activity_type(&mut self, t: &ActivityType) -> Result<(), Fault> {
        let r = self.activity_type_mut(t)?;
        if r.info.status != RegistrationStatus::Deprecated {
            return Err(Fault::new(
                FaultKind::TypeNotDeprecated,
                describe_type("ActivityType", &t.name, &t.version),
            ));
        }
        self.meta
            .activity_types
            .remove(&type_key(&t.name, &t.version));
        self.changes.meta = true;
        Ok(())
    }

    /// `DeleteWorkflowType`: only a deprecated type can be deleted.
    pub(crate) fn delete_workflow_type(&mut self, t: &WorkflowType) -> Result<(), Fault> {
        let r = self.workflow_type_mut(t)?;
        if r.info.status != RegistrationStatus::Deprecated {
            return Err(Fault::new(
                FaultKind::TypeNotDeprecated,
                describe_type("WorkflowType", &t.name, &t.version),
            ));
        }
        self.meta
            .workflow_types
            .remove(&type_key(&t.name, &t.version));
        self.changes.meta = true;
        Ok(())
    }

    /// `ListActivityTypes`.
    pub(crate) fn list_activity_types(
        &self,
        i: ListActivityTypesInput,
    ) -> Result<ActivityTypeInfos, Fault> {
        let items = self
            .meta
            .activity_types
            .iter()
            .filter(|(_, r)| r.info.status == i.registration_status)
            .filter(|(_, r)| {
                i.name
                    .as_ref()
                    .is_none_or(|n| &r.info.activity_type.name == n)
            })
            .map(|(k, r)| (k.clone(), r.info.clone()))
            .collect();
        let (type_infos, next_page_token) = keyset_page(
            "atypes",
            items,
            i.next_page_token.as_deref(),
            page_size(i.maximum_page_size),
            i.reverse_order.unwrap_or(false),
        )?;
        Ok(ActivityTypeInfos {
            next_page_token,
            type_infos,
        })
    }

    /// `ListWorkflowTypes`.
    pub(crate) fn list_workflow_types(
        &self,
        i: ListWorkflowTypesInput,
    ) -> Result<WorkflowTypeInfos, Fault> {
        let items = self
            .meta
            .workflow_types
            .iter()
            .filter(|(_, r)| r.info.status == i.registration_status)
            .filter(|(_, r)| {
                i.name
                    .as_ref()
                    .is_none_or(|n| &r.info.workflow_type.name == n)
            })
            .map(|(k, r)| (k.clone(), r.info.clone()))
            .collect();
        let (type_infos, next_page_token) = keyset_page(
            "wtypes",
            items,
            i.next_page_token.as_deref(),
            page_size(i.maximum_page_size),
            i.reverse_order.unwrap_or(false),
        )?;
        Ok(WorkflowTypeInfos {
            next_page_token,
            type_infos,
        })
    }
}

/// `LimitExceededFault` when a domain already holds its quota of `kind` types.
fn check_type_quota(kind: &str, registered: usize) -> Result<(), Fault> {
    if registered >= MAX_TYPES_PER_DOMAIN {
        return Err(Fault::new(
            FaultKind::LimitExceeded,
            format!(
                "Registered {kind} type limit of {MAX_TYPES_PER_DOMAIN} per domain exceeded (deprecated types count)"
            ),
        ));
    }
    Ok(())
}

/// Moves an activity or workflow type between registered and deprecated, or answers the fault
/// SWF gives when it already is where it is asked to go; `what` names the type for the message.
fn set_type_deprecated(
    status: &mut RegistrationStatus,
    deprecation_date: &mut Option<Timestamp>,
    deprecate: bool,
    now: i64,
    what: impl FnOnce() -> String,
) -> Result<(), Fault> {
    let deprecated = *status == RegistrationStatus::Deprecated;
    match (deprecate, deprecated) {
        (true, true) => Err(Fault::new(FaultKind::TypeDeprecated, what())),
        (false, false) => Err(Fault::new(FaultKind::TypeAlreadyExists, what())),
        _ => {
            *status = if deprecate {
                RegistrationStatus::Deprecated
            } else {
                RegistrationStatus::Registered
            };
            *deprecation_date = deprecate.then(|| Timestamp::from_millis(now));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_quota_counts_every_registered_type() {
        assert!(check_type_quota("activity", MAX_TYPES_PER_DOMAIN - 1).is_ok());
        let over = check_type_quota("workflow", MAX_TYPES_PER_DOMAIN).unwrap_err();
        assert!(
            over.message().contains("workflow type limit of 10000"),
            "{}",
            over.message()
        );
    }
}
