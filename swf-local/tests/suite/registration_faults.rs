//! Domains and types: register, describe, list, deprecate, undeprecate, delete, tags, and the
//! fault each misuse gets.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn domain_lifecycle_and_faults() {
    let env = env().await;
    let c = &env.client;
    let dup = c
        .register_domain(RegisterDomainInput {
            name: "d".into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(dup.is_domain_already_exists(), "{dup}");

    let detail = c
        .describe_domain(DescribeDomainInput { name: "d".into() })
        .await
        .unwrap();
    assert_eq!(detail.domain_info.status, RegistrationStatus::Registered);
    assert_eq!(
        detail
            .configuration
            .workflow_execution_retention_period_in_days,
        "1"
    );
    let arn = detail.domain_info.arn.clone().unwrap();

    let unknown = c
        .describe_domain(DescribeDomainInput {
            name: "nope".into(),
        })
        .await
        .unwrap_err();
    assert!(unknown.is_unknown_resource(), "{unknown}");

    c.deprecate_domain(DeprecateDomainInput { name: "d".into() })
        .await
        .unwrap();
    let again = c
        .deprecate_domain(DeprecateDomainInput { name: "d".into() })
        .await
        .unwrap_err();
    assert!(again.is_domain_deprecated(), "{again}");
    let listed = c
        .list_domains(ListDomainsInput {
            registration_status: RegistrationStatus::Deprecated,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(listed.domain_infos.len(), 1);
    let start = c
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(start.is_unknown_resource(), "{start}");
    c.undeprecate_domain(UndeprecateDomainInput { name: "d".into() })
        .await
        .unwrap();
    let not_deprecated = c
        .undeprecate_domain(UndeprecateDomainInput { name: "d".into() })
        .await
        .unwrap_err();
    assert!(
        not_deprecated.is_domain_already_exists(),
        "{not_deprecated}"
    );

    c.tag_resource(TagResourceInput {
        resource_arn: arn.clone(),
        tags: vec![ResourceTag {
            key: "team".into(),
            value: Some("a".into()),
        }],
    })
    .await
    .unwrap();
    let tags = c
        .list_tags_for_resource(ListTagsForResourceInput {
            resource_arn: arn.clone(),
        })
        .await
        .unwrap();
    assert_eq!(tags.tags.unwrap()[0].value.as_deref(), Some("a"));
    c.untag_resource(UntagResourceInput {
        resource_arn: arn.clone(),
        tag_keys: vec!["team".into()],
    })
    .await
    .unwrap();
    let tags = c
        .list_tags_for_resource(ListTagsForResourceInput {
            resource_arn: arn.clone(),
        })
        .await
        .unwrap();
    assert!(tags.tags.unwrap_or_default().is_empty());
    // 51 tags, one past SWF's 50. Sent as a raw POST of the client's own JSON, so that only
    // swf-local can refuse it, not a check in swf-core before sending.
    let over_limit = RegisterDomainInput {
        name: "tagged".into(),
        workflow_execution_retention_period_in_days: "1".into(),
        tags: Some(tags_named("k", MAX_TAGS + 1)),
        ..Default::default()
    };
    let (status, body) = raw(
        &env.server.endpoint_url(),
        Some("SimpleWorkflowService.RegisterDomain"),
        &serde_json::to_string(&over_limit).unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["__type"].as_str()),
        (400, Some(TOO_MANY_TAGS_FAULT)),
        "{body}"
    );
    let missing = c
        .describe_domain(DescribeDomainInput {
            name: "tagged".into(),
        })
        .await
        .unwrap_err();
    assert!(missing.is_unknown_resource(), "{missing}");

    // Tagging counts the tags a domain already has: each request is under the limit, which the
    // client cannot see, and only the sum is over it.
    let tag = |tags| {
        c.tag_resource(TagResourceInput {
            resource_arn: arn.clone(),
            tags,
        })
    };
    tag(tags_named("first", MAX_TAGS)).await.unwrap();
    let err = tag(tags_named("second", 1)).await.unwrap_err();
    assert!(err.is_too_many_tags(), "{err}");
    // Re-tagging a key it has replaces the value and adds nothing, so it stays within the limit.
    tag(tags_named("first", 1)).await.unwrap();
    let tags = c
        .list_tags_for_resource(ListTagsForResourceInput {
            resource_arn: arn.clone(),
        })
        .await
        .unwrap();
    assert_eq!(tags.tags.unwrap_or_default().len(), MAX_TAGS);
}

/// How many tags SWF lets a domain have.
const MAX_TAGS: usize = 50;

/// The `__type` SWF answers a request over the tag limit with.
const TOO_MANY_TAGS_FAULT: &str = "com.amazonaws.swf.base.model#TooManyTagsFault";

/// `count` tags with keys `{prefix}0`, `{prefix}1`, ... and no values.
fn tags_named(prefix: &str, count: usize) -> Vec<ResourceTag> {
    (0..count)
        .map(|i| ResourceTag {
            key: format!("{prefix}{i}"),
            value: None,
        })
        .collect()
}

#[tokio::test]
async fn type_lifecycle_and_faults() {
    let env = env().await;
    let c = &env.client;
    let dup = c
        .register_activity_type(RegisterActivityTypeInput {
            domain: "d".into(),
            name: ACTIVITY.into(),
            version: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(dup.is_type_already_exists(), "{dup}");
    let unknown_domain = c
        .register_activity_type(RegisterActivityTypeInput {
            domain: "nope".into(),
            name: "x".into(),
            version: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(unknown_domain.is_unknown_resource(), "{unknown_domain}");

    let detail = c
        .describe_activity_type(DescribeActivityTypeInput {
            domain: "d".into(),
            activity_type: act_type(),
        })
        .await
        .unwrap();
    assert_eq!(
        detail.configuration.default_task_list.unwrap().name,
        ACTIVITIES
    );

    let del = c
        .delete_activity_type(DeleteActivityTypeInput {
            domain: "d".into(),
            activity_type: act_type(),
        })
        .await
        .unwrap_err();
    assert!(del.is_type_not_deprecated(), "{del}");
    c.deprecate_activity_type(DeprecateActivityTypeInput {
        domain: "d".into(),
        activity_type: act_type(),
    })
    .await
    .unwrap();
    let again = c
        .deprecate_activity_type(DeprecateActivityTypeInput {
            domain: "d".into(),
            activity_type: act_type(),
        })
        .await
        .unwrap_err();
    assert!(again.is_type_deprecated(), "{again}");
    let deprecated = c
        .list_activity_types(ListActivityTypesInput {
            domain: "d".into(),
            registration_status: RegistrationStatus::Deprecated,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(deprecated.type_infos.len(), 1);
    assert!(deprecated.type_infos[0].deprecation_date.is_some());
    c.undeprecate_activity_type(UndeprecateActivityTypeInput {
        domain: "d".into(),
        activity_type: act_type(),
    })
    .await
    .unwrap();
    c.deprecate_activity_type(DeprecateActivityTypeInput {
        domain: "d".into(),
        activity_type: act_type(),
    })
    .await
    .unwrap();
    c.delete_activity_type(DeleteActivityTypeInput {
        domain: "d".into(),
        activity_type: act_type(),
    })
    .await
    .unwrap();
    let gone = c
        .describe_activity_type(DescribeActivityTypeInput {
            domain: "d".into(),
            activity_type: act_type(),
        })
        .await
        .unwrap_err();
    assert!(gone.is_unknown_resource(), "{gone}");

    // A deprecated workflow type cannot be started.
    c.deprecate_workflow_type(DeprecateWorkflowTypeInput {
        domain: "d".into(),
        workflow_type: wf_type(),
    })
    .await
    .unwrap();
    let start = c
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(start.is_type_deprecated(), "{start}");
}

#[tokio::test]
async fn start_faults_already_started_and_default_undefined() {
    let env = env().await;
    let c = &env.client;
    env.start("w").await;
    let again = c
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(again.is_workflow_execution_already_started(), "{again}");

    c.register_workflow_type(RegisterWorkflowTypeInput {
        domain: "d".into(),
        name: "bare".into(),
        version: "1".into(),
        ..Default::default()
    })
    .await
    .unwrap();
    let bare = c
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "b".into(),
            workflow_type: WorkflowType {
                name: "bare".into(),
                version: "1".into(),
            },
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(bare.is_default_undefined(), "{bare}");
    let unknown_type = c
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "u".into(),
            workflow_type: WorkflowType {
                name: "nope".into(),
                version: "1".into(),
            },
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(unknown_type.is_unknown_resource(), "{unknown_type}");
}

#[tokio::test]
async fn listings_page_and_reverse() {
    let env = env().await;
    let c = &env.client;
    for i in 0..5 {
        c.register_domain(RegisterDomainInput {
            name: format!("p{i}"),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    }
    let mut names = Vec::new();
    let mut token = None;
    for _ in 0..10 {
        let page = c
            .list_domains(ListDomainsInput {
                registration_status: RegistrationStatus::Registered,
                maximum_page_size: Some(2),
                next_page_token: token,
                reverse_order: Some(true),
            })
            .await
            .unwrap();
        assert!(page.domain_infos.len() <= 2);
        names.extend(page.domain_infos.into_iter().map(|d| d.name));
        token = page.next_page_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(names, ["p4", "p3", "p2", "p1", "p0", "d"]);
}

#[tokio::test]
async fn domains_beyond_the_account_quota_exceed_the_limit() {
    let env = env().await;
    let c = &env.client;
    let register = |name: String| {
        c.register_domain(RegisterDomainInput {
            name,
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
    };
    // The environment registered one domain; deprecated domains count towards the quota too.
    register("deprecated".into()).await.unwrap();
    c.deprecate_domain(DeprecateDomainInput {
        name: "deprecated".into(),
    })
    .await
    .unwrap();
    for i in 2..100 {
        register(format!("quota-{i}")).await.unwrap();
    }
    let over = register("one-too-many".into()).await.unwrap_err();
    assert!(over.is_limit_exceeded(), "{over}");
    assert!(over.to_string().contains("100"), "names the quota: {over}");
    // Nothing was half-applied: the refused domain does not exist.
    let missing = c
        .describe_domain(DescribeDomainInput {
            name: "one-too-many".into(),
        })
        .await
        .unwrap_err();
    assert!(missing.is_unknown_resource(), "{missing}");
}
