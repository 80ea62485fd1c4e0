//! Paging of listings (domains, types, executions) by key: a page token is the key of the last
//! item returned, so a listing that changes between pages neither repeats nor skips items.
//!
//! A token is taken back only by the listing it was issued for: the same operation (`tag`), the
//! same arguments (domain, filters, status) and the same order. Any key it carries is safe to
//! page from, so a forged key is just a position; a token of another listing is refused, and so is
//! one issued more than 24 hours before (see [`PageRequest`]).

use super::tokens::PageRequest;
use crate::error::Fault;

/// One page of `items`, which are sorted ascending by key: the page after `token` in the order
/// asked for, and the token of the page after it. `arguments` are the request's arguments that
/// choose the items (all but the token and the page size), which the token is bound to. `now_ms`
/// is the service's time: the token taken must be alive at it, the token given is issued at it.
pub(crate) fn keyset_page<T>(
    tag: &'static str,
    arguments: &[&str],
    mut items: Vec<(String, T)>,
    token: Option<&str>,
    size: usize,
    reverse: bool,
    now_ms: i64,
) -> Result<(Vec<T>, Option<String>), Fault> {
    let order = if reverse { "reverse" } else { "forward" };
    let request = PageRequest::new(tag, &[arguments, &[order]].concat());
    if reverse {
        items.reverse();
    }
    let after = match token.filter(|t| !t.is_empty()) {
        Some(t) => Some(request.decode(t, now_ms)?),
        None => None,
    };
    let start = match &after {
        None => 0,
        Some(last) if reverse => items.partition_point(|(k, _)| k >= last),
        Some(last) => items.partition_point(|(k, _)| k <= last),
    };
    let mut rest: Vec<(String, T)> = items.into_iter().skip(start).collect();
    let next = if rest.len() > size {
        rest.truncate(size);
        rest.last().map(|(k, _)| request.encode(k, now_ms))
    } else {
        None
    };
    Ok((rest.into_iter().map(|(_, v)| v).collect(), next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_by_key_both_ways() {
        let items = || (1..=5).map(|i| (format!("k{i}"), i)).collect::<Vec<_>>();
        let page =
            |t: Option<&str>, size, reverse| keyset_page("x", &["a"], items(), t, size, reverse, 0);
        let (p, t) = page(None, 2, false).unwrap();
        assert_eq!(p, [1, 2]);
        let (p, t) = page(t.as_deref(), 2, false).unwrap();
        assert_eq!(p, [3, 4]);
        let (p, t) = page(t.as_deref(), 2, false).unwrap();
        assert_eq!((p, t), (vec![5], None));
        let (p, t) = page(None, 3, true).unwrap();
        assert_eq!(p, [5, 4, 3]);
        let (p, t2) = page(t.as_deref(), 3, true).unwrap();
        assert_eq!((p, t2), (vec![2, 1], None));
        // The token of the reverse listing is not one of the forward listing, nor of a listing
        // with other arguments.
        assert!(page(t.as_deref(), 3, false).is_err());
        assert!(keyset_page("x", &["b"], items(), t.as_deref(), 3, true, 0).is_err());
        assert!(keyset_page("y", &["a"], items(), t.as_deref(), 3, true, 0).is_err());
    }
}
