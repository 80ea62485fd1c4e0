//! Deprecating a domain deprecates every type registered in it (the reference, `DeprecateDomain`);
//! undeprecating the domain leaves them deprecated, to be undeprecated one by one.

use crate::common::*;
use swf_core::types::*;

async fn activity_info(env: &Env, activity_type: ActivityType) -> ActivityTypeInfo {
    env.client
        .describe_activity_type(DescribeActivityTypeInput {
            domain: env.domain.clone(),
            activity_type,
        })
        .await
        .unwrap()
        .type_info
}

async fn workflow_info(env: &Env) -> WorkflowTypeInfo {
    env.client
        .describe_workflow_type(DescribeWorkflowTypeInput {
            domain: env.domain.clone(),
            workflow_type: wf_type(),
        })
        .await
        .unwrap()
        .type_info
}

async fn registered_activity_types(env: &Env) -> usize {
    env.client
        .list_activity_types(ListActivityTypesInput {
            domain: env.domain.clone(),
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .await
        .unwrap()
        .type_infos
        .len()
}

#[tokio::test]
async fn deprecating_a_domain_deprecates_its_types() {
    let env = env().await;
    let old = ActivityType {
        name: "old".into(),
        version: "1".into(),
    };
    env.client
        .register_activity_type(RegisterActivityTypeInput {
            domain: env.domain.clone(),
            name: old.name.clone(),
            version: old.version.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    env.client
        .deprecate_activity_type(DeprecateActivityTypeInput {
            domain: env.domain.clone(),
            activity_type: old.clone(),
        })
        .await
        .unwrap();
    let old_date = activity_info(&env, old.clone()).await.deprecation_date;
    assert!(old_date.is_some());
    assert_eq!(registered_activity_types(&env).await, 1);

    env.client
        .deprecate_domain(DeprecateDomainInput {
            name: env.domain.clone(),
        })
        .await
        .unwrap();

    let activity = activity_info(&env, act_type()).await;
    assert_eq!(activity.status, RegistrationStatus::Deprecated);
    assert!(activity.deprecation_date.is_some(), "{activity:?}");
    let workflow = workflow_info(&env).await;
    assert_eq!(workflow.status, RegistrationStatus::Deprecated);
    assert!(workflow.deprecation_date.is_some(), "{workflow:?}");
    assert_eq!(registered_activity_types(&env).await, 0);
    // A type deprecated before keeps the date it was deprecated on.
    assert_eq!(activity_info(&env, old).await.deprecation_date, old_date);

    env.client
        .undeprecate_domain(UndeprecateDomainInput {
            name: env.domain.clone(),
        })
        .await
        .unwrap();
    let activity = activity_info(&env, act_type()).await;
    assert_eq!(activity.status, RegistrationStatus::Deprecated);
    assert_eq!(
        workflow_info(&env).await.status,
        RegistrationStatus::Deprecated
    );
    env.client
        .undeprecate_activity_type(UndeprecateActivityTypeInput {
            domain: env.domain.clone(),
            activity_type: act_type(),
        })
        .await
        .unwrap();
    let activity = activity_info(&env, act_type()).await;
    assert_eq!(activity.status, RegistrationStatus::Registered);
    assert_eq!(activity.deprecation_date, None);
}
