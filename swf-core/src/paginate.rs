//! Paginated operations as streams that follow `nextPageToken` to the end.
//!
//! SWF pages every list with an opaque `nextPageToken`; a caller that stops at the first page
//! silently misses data. The generated `*_pages` and `*_stream` methods are built on the two
//! functions here, so every paginated operation pages the same way.

use crate::client::Client;
use crate::error::Error;
use futures::{Stream, StreamExt, stream};
use std::future::Future;

/// Calls an operation page after page: the first call with `input` as given, then again with the
/// previous page's token, until a page comes back without one. An error ends the stream.
pub(crate) fn pages<I, O, Fut>(
    client: Client,
    input: I,
    call: fn(Client, I) -> Fut,
    set_token: fn(&mut I, Option<String>),
    next_token: fn(&O) -> Option<String>,
) -> impl Stream<Item = Result<O, Error>> + Send + 'static
where
    I: Clone + Send + 'static,
    O: Send + 'static,
    Fut: Future<Output = Result<O, Error>> + Send + 'static,
{
    // The state is the input for the next call, or `None` once the last page has been returned.
    stream::unfold(Some(input), move |next| {
        let client = client.clone();
        async move {
            let input = next?;
            match call(client, input.clone()).await {
                Ok(page) => {
                    let follow = next_token(&page).filter(|t| !t.is_empty()).map(|token| {
                        let mut input = input;
                        set_token(&mut input, Some(token));
                        input
                    });
                    Some((Ok(page), follow))
                }
                Err(e) => Some((Err(e), None)),
            }
        }
    })
}

/// Flattens a stream of pages into a stream of their items.
pub(crate) fn items<O, T>(
    pages: impl Stream<Item = Result<O, Error>> + Send + 'static,
    take: fn(O) -> Vec<T>,
) -> impl Stream<Item = Result<T, Error>> + Send + 'static
where
    O: Send + 'static,
    T: Send + 'static,
{
    pages.flat_map(move |page| match page {
        Ok(page) => stream::iter(take(page).into_iter().map(Ok).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    })
}
