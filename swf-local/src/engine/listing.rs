//! Paging of listings (domains, types, executions) by key: a page token is the key of the last
//! item returned, so a listing that changes between pages neither repeats nor skips items.

use super::tokens::{decode_page, encode_page};
use crate::error::Fault;

/// One page of `items`, which are sorted ascending by key: the page after `token` in the order
/// asked for, and the token of the page after it.
pub(crate) fn keyset_page<T>(
    tag: &str,
    mut items: Vec<(String, T)>,
    token: Option<&str>,
    size: usize,
    reverse: bool,
) -> Result<(Vec<T>, Option<String>), Fault> {
    if reverse {
        items.reverse();
    }
    let after = match token.filter(|t| !t.is_empty()) {
        Some(t) => Some(decode_page(tag, t)?),
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
        rest.last().map(|(k, _)| encode_page(tag, k))
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
        let (p, t) = keyset_page("x", items(), None, 2, false).unwrap();
        assert_eq!(p, [1, 2]);
        let (p, t) = keyset_page("x", items(), t.as_deref(), 2, false).unwrap();
        assert_eq!(p, [3, 4]);
        let (p, t) = keyset_page("x", items(), t.as_deref(), 2, false).unwrap();
        assert_eq!((p, t), (vec![5], None));
        let (p, t) = keyset_page("x", items(), None, 3, true).unwrap();
        assert_eq!(p, [5, 4, 3]);
        let (p, t) = keyset_page("x", items(), t.as_deref(), 3, true).unwrap();
        assert_eq!((p, t), (vec![2, 1], None));
    }
}
