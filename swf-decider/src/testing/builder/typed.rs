//! Activities by their [`ActivityDeclaration`]: the type, the input and the result checked at
//! compile time, as the workflow's `ActivityOptions::of::<A>()` checks them, and encoded as JSON
//! like [`HistoryBuilder::for_workflow`]'s input.

use serde::Serialize;
use swf_core::ActivityDeclaration;
use swf_core::codec::{Codec, JsonCodec};
use swf_core::types::{ActivityTaskScheduledEventAttributes, ActivityType};

use super::HistoryBuilder;

impl HistoryBuilder {
    /// `ActivityTaskScheduled` for `id` of the type `A` declares, with `input` encoded as JSON,
    /// by the latest decision task.
    pub fn activity_scheduled_of<A: ActivityDeclaration>(
        &mut self,
        id: &str,
        input: &A::Input,
    ) -> &mut Self {
        self.activity_scheduled_with(ActivityTaskScheduledEventAttributes {
            activity_id: id.to_owned(),
            activity_type: ActivityType {
                name: A::NAME.to_owned(),
                version: A::VERSION.to_owned(),
            },
            input: json(input, A::NAME),
            ..Default::default()
        })
    }

    /// `ActivityTaskCompleted` for `id` with `result`, the `A::Output` that activity `A`
    /// declares, encoded as JSON (started first if needed).
    pub fn activity_completed_of<A: ActivityDeclaration>(
        &mut self,
        id: &str,
        result: &A::Output,
    ) -> &mut Self {
        let result = json(result, A::NAME);
        self.activity_completed(id, result.as_deref())
    }
}

/// `value` as JSON. A test's own value that cannot be encoded is a mistake in the test.
fn json<T: Serialize>(value: &T, activity: &str) -> Option<String> {
    JsonCodec
        .encode(value)
        .unwrap_or_else(|e| panic!("a value of activity `{activity}` does not encode as JSON: {e}"))
}
