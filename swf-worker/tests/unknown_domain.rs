//! A poll that can never succeed (the domain does not exist) stops the worker with an error
//! naming the problem, instead of retrying forever.

mod common;

use common::*;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationToken,
};

struct Noop;

impl ActivityDeclaration for Noop {
    const NAME: &'static str = "Noop";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Noop {
    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        Ok(())
    }
}

#[tokio::test]
async fn polling_an_unknown_domain_stops_the_worker() {
    within(30, async {
        let env = Env::start().await;
        let mut builder = env.worker();
        builder.activity(Noop).domain("no-such-domain");
        let err = builder
            .build()
            .unwrap()
            .run(CancellationToken::new())
            .await
            .unwrap_err();
        assert!(err.swf_error().unwrap().is_unknown_resource(), "{err}");
        assert!(
            err.to_string()
                .starts_with("polling stopped on an error that retrying cannot fix")
        );
    })
    .await
}
