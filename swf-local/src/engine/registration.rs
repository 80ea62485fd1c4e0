//! Registration: domains, activity types, workflow types and the tags of domains.

use super::history::page_size;
use super::listing::keyset_page;
use super::state::{ActivityTypeRecord, DomainMeta, DomainState, WorkflowTypeRecord};
use super::type_kinds::TypeKind;
use super::{Domain, Engine};
use crate::error::{Fault, FaultKind};
use std::sync::Arc;
use swf_core::limits::{MAX_DOMAIN_TAGS, MAX_DOMAINS, MAX_RETENTION_DAYS, MAX_TYPES_PER_DOMAIN};
use swf_core::types::*;

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
            let domain = Arc::new(Domain::new(self.domain_state(meta)));
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
            &[input.registration_status.as_ref()],
            items,
            input.next_page_token.as_deref(),
            page_size(input.maximum_page_size),
            input.reverse_order.unwrap_or(false),
            self.now_ms(),
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

    /// `DeprecateDomain` (`deprecate`) and `UndeprecateDomain`. Deprecating a domain deprecates
    /// every type registered in it, as the reference says; undeprecating it leaves its types
    /// deprecated (the reference says only that the domain can be used again), each to be
    /// undeprecated on its own.
    pub(crate) fn set_domain_deprecated(&mut self, deprecate: bool) -> Result<(), Fault> {
        let already = (FaultKind::DomainDeprecated, FaultKind::DomainAlreadyExists);
        move_status(&mut self.meta.info.status, deprecate, already, || {
            self.name.to_string()
        })?;
        if deprecate {
            self.deprecate_all_types::<ActivityType>();
            self.deprecate_all_types::<WorkflowType>();
        }
        self.changes.meta = true;
        Ok(())
    }

    /// Deprecates, as of now, every registered type of kind `K` (deprecated ones keep their date).
    fn deprecate_all_types<K: TypeKind>(&mut self) {
        let now = Timestamp::from_millis(self.now);
        for record in K::types_mut(&mut self.meta).values_mut() {
            let (status, deprecation_date) = K::lifecycle(record);
            if *status == RegistrationStatus::Registered {
                *status = RegistrationStatus::Deprecated;
                *deprecation_date = Some(now);
            }
        }
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
        self.add_type::<ActivityType>(record)
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
        self.add_type::<WorkflowType>(record)
    }

    /// Adds a type of kind `K` that passed its own checks: SWF's fault if it exists, or if the
    /// domain holds its quota of that kind.
    fn add_type<K: TypeKind>(&mut self, record: K::Record) -> Result<(), Fault> {
        let id = K::id(&record);
        let key = id.key();
        if K::types(&self.meta).contains_key(&key) {
            return Err(Fault::new(FaultKind::TypeAlreadyExists, id.describe()));
        }
        check_type_quota(K::QUOTA_NAME, K::types(&self.meta).len())?;
        K::types_mut(&mut self.meta).insert(key, record);
        self.changes.meta = true;
        Ok(())
    }

    fn type_mut<K: TypeKind>(&mut self, t: &K) -> Result<&mut K::Record, Fault> {
        K::types_mut(&mut self.meta)
            .get_mut(&t.key())
            .ok_or_else(|| Fault::unknown(format!("Unknown type: {}", t.describe())))
    }

    /// `DescribeActivityType` and `DescribeWorkflowType`.
    pub(crate) fn describe_type<K: TypeKind>(&mut self, t: &K) -> Result<K::Detail, Fault> {
        Ok(K::detail(self.type_mut(t)?))
    }

    /// `DeprecateActivityType` and `DeprecateWorkflowType` (`deprecate`), and their
    /// `Undeprecate…` counterparts.
    pub(crate) fn set_type_deprecated<K: TypeKind>(
        &mut self,
        t: &K,
        deprecate: bool,
    ) -> Result<(), Fault> {
        let now = self.now;
        let (status, deprecation_date) = K::lifecycle(self.type_mut(t)?);
        let already = (FaultKind::TypeDeprecated, FaultKind::TypeAlreadyExists);
        move_status(status, deprecate, already, || t.describe())?;
        *deprecation_date = deprecate.then(|| Timestamp::from_millis(now));
        self.changes.meta = true;
        Ok(())
    }

    /// `DeleteActivityType` and `DeleteWorkflowType`: only a deprecated type can be deleted.
    pub(crate) fn delete_type<K: TypeKind>(&mut self, t: &K) -> Result<(), Fault> {
        if *K::status(self.type_mut(t)?) != RegistrationStatus::Deprecated {
            return Err(Fault::new(FaultKind::TypeNotDeprecated, t.describe()));
        }
        K::types_mut(&mut self.meta).remove(&t.key());
        self.changes.meta = true;
        Ok(())
    }

    /// `ListActivityTypes` and `ListWorkflowTypes`.
    pub(crate) fn list_types<K: TypeKind>(&self, i: &K::ListInput) -> Result<K::Listing, Fault> {
        let q = K::query(i);
        let items = K::types(&self.meta)
            .iter()
            .filter(|(_, r)| K::status(r) == q.status)
            .filter(|(_, r)| q.name.is_none_or(|n| K::id(r).name() == n))
            .map(|(k, r)| (k.clone(), K::info(r).clone()))
            .collect();
        let (type_infos, next_page_token) = keyset_page(
            K::PAGE_TAG,
            &[q.domain, q.status.as_ref(), q.name.unwrap_or_default()],
            items,
            q.next_page_token,
            page_size(q.maximum_page_size),
            q.reverse_order,
            self.now,
        )?;
        Ok(K::listing(type_infos, next_page_token))
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

/// Moves a domain or type to deprecated (`deprecate`) or back to registered, or answers the
/// fault SWF gives when it already is where it is asked to go: `already.0` when it is
/// deprecated already, `already.1` when it is registered already; `what` names it.
fn move_status(
    status: &mut RegistrationStatus,
    deprecate: bool,
    already: (FaultKind, FaultKind),
    what: impl FnOnce() -> String,
) -> Result<(), Fault> {
    match (deprecate, *status == RegistrationStatus::Deprecated) {
        (true, true) => Err(Fault::new(already.0, what())),
        (false, false) => Err(Fault::new(already.1, what())),
        _ => {
            *status = if deprecate {
                RegistrationStatus::Deprecated
            } else {
                RegistrationStatus::Registered
            };
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

    fn domain_with_types() -> DomainState {
        let meta = DomainMeta {
            info: DomainInfo {
                name: "d".into(),
                ..Default::default()
            },
            retention_days: "1".into(),
            tags: Vec::new(),
            activity_types: Default::default(),
            workflow_types: Default::default(),
        };
        let mut state = DomainState::new(meta);
        for (name, version) in [("a", "1"), ("a", "2"), ("b", "1"), ("c", "1")] {
            let i = RegisterActivityTypeInput {
                name: name.into(),
                version: version.into(),
                ..Default::default()
            };
            state.register_activity_type(i).unwrap();
        }
        let w = RegisterWorkflowTypeInput {
            name: "a".into(),
            version: "1".into(),
            ..Default::default()
        };
        state.register_workflow_type(w).unwrap();
        state
    }

    fn names(infos: &ActivityTypeInfos) -> Vec<(&str, &str)> {
        let ids = infos.type_infos.iter().map(|t| &t.activity_type);
        ids.map(|t| (t.name.as_str(), t.version.as_str())).collect()
    }

    /// The suite's listings do not filter by name, nor hand one kind's token to the other.
    #[test]
    fn a_type_listing_filters_by_status_and_name_and_keeps_its_own_tokens() {
        let mut state = domain_with_types();
        let b1 = ActivityType {
            name: "b".into(),
            version: "1".into(),
        };
        state.set_type_deprecated(&b1, true).unwrap();
        let query = |name: Option<&str>, status| ListActivityTypesInput {
            name: name.map(Into::into),
            registration_status: status,
            maximum_page_size: Some(1),
            ..Default::default()
        };
        let a = state
            .list_types::<ActivityType>(&query(Some("a"), RegistrationStatus::Registered))
            .unwrap();
        assert_eq!(names(&a), [("a", "1")]);
        let token = a.next_page_token.clone().expect("a second page");
        let mut rest = query(Some("a"), RegistrationStatus::Registered);
        rest.next_page_token = Some(token.clone());
        let second = state.list_types::<ActivityType>(&rest).unwrap();
        assert_eq!(names(&second), [("a", "2")]);
        assert_eq!(second.next_page_token, None);
        let deprecated = state
            .list_types::<ActivityType>(&query(None, RegistrationStatus::Deprecated))
            .unwrap();
        assert_eq!(names(&deprecated), [("b", "1")]);
        let workflows = ListWorkflowTypesInput {
            registration_status: RegistrationStatus::Registered,
            next_page_token: Some(token),
            ..Default::default()
        };
        assert!(state.list_types::<WorkflowType>(&workflows).is_err());
    }
}
