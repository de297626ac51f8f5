//! Walking a paginated list as a stream of items: by page number, by item
//! offset, or by cursor.
//!
//! Layer 10: imports from `error`.

use std::future::Future;

use futures::future::{self, Either};
use futures::stream::{self, Stream, StreamExt};

use crate::error::Error;

/// One page of a list response.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items on this page.
    pub items: Vec<T>,
    /// The total number of items across all pages, when the server says.
    pub total: Option<i64>,
    /// The cursor of the next page, for cursor paging; `None` (or empty)
    /// when this is the last page.
    pub next: Option<String>,
}

/// What a number-paged walk counts: pages (`page=0,1,2`) or items
/// (`offset=0,50,100`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Advance {
    /// The position is a page number: the next page is one more.
    Pages,
    /// The position is an item offset: the next page starts after the items
    /// of this one.
    Items,
}

/// Streams the items of the pages that `fetch(position)` returns, starting
/// at `first` and moving on as `advance` says.
///
/// Pages are fetched lazily, one at a time, only when the stream is polled
/// past the items already fetched. The stream ends after
///
/// * an empty page,
/// * a page that brings the number of items seen to `total`, when the server
///   reports one (the items of that page are all yielded, even past `total`),
/// * a short page (fewer than `page_size` items; never when `page_size <= 0`)
///   when the server reports no total: with a total, a short page only means
///   the server caps pages below `page_size`, so the walk goes on, or
/// * the first error, which is yielded as the last item.
///
/// The stream is not `Unpin`; pin it (e.g. `futures::pin_mut!` or
/// `Box::pin`) before calling `next()` on it.
#[doc(hidden)]
pub fn paginate<'a, T, E, F, Fut>(
    page_size: i64,
    first: i64,
    advance: Advance,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    F: FnMut(i64) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + 'a,
    T: 'a,
    E: 'a,
{
    walk(first, fetch, move |position, page, seen| {
        let count = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
        let last = match page.total {
            Some(total) => count == 0 || seen >= total,
            None => count == 0 || count < page_size,
        };
        if last {
            return None;
        }
        match advance {
            Advance::Pages => position.checked_add(1),
            Advance::Items => position.checked_add(count),
        }
    })
}

/// Streams the items of the pages that `fetch(cursor)` returns, starting at
/// `first` (`None`: the first page) and following each page's
/// [`Page::next`].
///
/// Lazy like [`paginate`]. The stream ends after a page without a next
/// cursor (absent or empty), an empty page, a page whose next cursor is the
/// one it was fetched with (a server that would loop forever), a page that
/// brings the items seen to the reported total, or the first error.
#[doc(hidden)]
pub fn paginate_cursor<'a, T, E, F, Fut>(
    first: Option<String>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    F: FnMut(Option<String>) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + 'a,
    T: 'a,
    E: 'a,
{
    walk(first, fetch, |cursor, page, seen| {
        let next = page.next.clone().filter(|next| !next.is_empty())?;
        let done = page.items.is_empty()
            || cursor.as_ref() == Some(&next)
            || page.total.is_some_and(|total| seen >= total);
        (!done).then_some(Some(next))
    })
}

/// The walk shared by every kind of paging: fetch the page at a position,
/// yield its items, ask `next(position, page, items seen)` where to go, stop
/// at `None` or the first error.
fn walk<'a, P, T, E, F, Fut>(
    first: P,
    fetch: F,
    next: impl Fn(&P, &Page<T>, i64) -> Option<P> + 'a,
) -> impl Stream<Item = Result<T, Error<E>>> + 'a
where
    P: Clone + 'a,
    F: FnMut(P) -> Fut + 'a,
    Fut: Future<Output = Result<Page<T>, Error<E>>> + 'a,
    T: 'a,
    E: 'a,
{
    let start = Walk {
        fetch,
        next,
        position: Some(first),
        seen: 0,
    };
    let pages = stream::unfold(start, |mut walk| async move {
        let position = walk.position.take()?;
        match (walk.fetch)(position.clone()).await {
            Err(error) => Some((Err(error), walk)),
            Ok(page) => {
                let count = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
                walk.seen = walk.seen.saturating_add(count);
                walk.position = (walk.next)(&position, &page, walk.seen);
                Some((Ok(page.items), walk))
            }
        }
    });
    pages.flat_map(|page| match page {
        Ok(items) => Either::Left(stream::iter(items.into_iter().map(Ok))),
        Err(error) => Either::Right(stream::once(future::ready(Err(error)))),
    })
}

/// Where the walk is: the next position to fetch (`None` once done) and how
/// many items were seen so far.
struct Walk<P, F, N> {
    fetch: F,
    next: N,
    position: Option<P>,
    seen: i64,
}

/// A page size or number the caller set, widened to `i64` whatever integer
/// type the spec gave the parameter.
#[doc(hidden)]
pub fn page_value<T: Into<i64>>(value: Option<T>) -> Option<i64> {
    value.map(Into::into)
}

/// A page size or number in the parameter's own integer type; a number
/// beyond it (page 2^31 of an `int32` parameter) ends the stream with
/// [`Error::InvalidRequest`] rather than wrapping around.
#[doc(hidden)]
pub fn page_param<T: TryFrom<i64>, E>(value: i64) -> Result<T, Error<E>> {
    T::try_from(value).map_err(|_| {
        Error::InvalidRequest(format!(
            "page parameter {value} does not fit the parameter's integer type"
        ))
    })
}

/// The total a page reports, widened to `i64` whatever integer type the
/// spec gave it.
#[doc(hidden)]
pub fn page_total<T: Copy + Into<i64>>(total: Option<&T>) -> Option<i64> {
    page_value(total.copied())
}

#[cfg(test)]
mod page_parameter_tests {
    use super::*;

    #[test]
    fn page_values_widen_and_narrow() {
        assert_eq!(page_value(Some(7_i32)), Some(7_i64));
        assert_eq!(page_value::<u32>(None), None);
        assert_eq!(page_param::<i32, ()>(12).unwrap(), 12_i32);
        assert!(matches!(
            page_param::<i32, ()>(i64::from(i32::MAX) + 1),
            Err(Error::InvalidRequest(_))
        ));
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use futures::executor::block_on;
    use futures::TryStreamExt;

    use super::*;

    type Fetched = Rc<RefCell<Vec<i64>>>;

    /// A fetcher over `pages` (indexed from page 0) that records the page
    /// numbers it was asked for.
    fn fetcher(
        pages: Vec<Result<Page<u32>, Error<String>>>,
        fetched: Fetched,
    ) -> impl FnMut(i64) -> future::Ready<Result<Page<u32>, Error<String>>> {
        let pages = RefCell::new(pages.into_iter().map(Some).collect::<Vec<_>>());
        move |number| {
            fetched.borrow_mut().push(number);
            let page = usize::try_from(number)
                .ok()
                .and_then(|index| pages.borrow_mut().get_mut(index).and_then(Option::take))
                .unwrap_or_else(|| {
                    Err(Error::InvalidRequest(format!(
                        "page {number} fetched twice or missing"
                    )))
                });
            future::ready(page)
        }
    }

    fn page(items: &[u32], total: Option<i64>) -> Result<Page<u32>, Error<String>> {
        Ok(Page {
            items: items.to_vec(),
            total,
            next: None,
        })
    }

    fn collect(
        stream: impl Stream<Item = Result<u32, Error<String>>>,
    ) -> (Vec<u32>, Option<Error<String>>) {
        let mut items = Vec::new();
        let mut error = None;
        block_on(stream.for_each(|item| {
            match item {
                Ok(item) => items.push(item),
                Err(e) => error = Some(e),
            }
            future::ready(())
        }));
        (items, error)
    }

    #[test]
    fn stops_after_a_short_page() {
        let fetched = Fetched::default();
        let pages = vec![page(&[1, 2], None), page(&[3, 4], None), page(&[5], None)];
        let (items, error) = collect(paginate(
            2,
            0,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert!(error.is_none());
        assert_eq!(*fetched.borrow(), [0, 1, 2]);
    }

    #[test]
    fn stops_after_an_empty_page() {
        let fetched = Fetched::default();
        let pages = vec![page(&[1, 2], None), page(&[], None)];
        let (items, _) = collect(paginate(
            2,
            0,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2]);
        assert_eq!(*fetched.borrow(), [0, 1]);
    }

    #[test]
    fn a_short_page_below_the_total_does_not_end_the_walk() {
        // The caller asked for 5 a page; the server caps pages at 2.
        let fetched = Fetched::default();
        let pages = vec![
            page(&[1, 2], Some(5)),
            page(&[3, 4], Some(5)),
            page(&[5], Some(5)),
        ];
        let (items, error) = collect(paginate(
            5,
            0,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(*fetched.borrow(), [0, 1, 2]);
    }

    #[test]
    fn stops_when_total_is_reached() {
        let fetched = Fetched::default();
        let pages = vec![page(&[1, 2], Some(4)), page(&[3, 4], Some(4))];
        let (items, error) = collect(paginate(
            2,
            0,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2, 3, 4]);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(*fetched.borrow(), [0, 1]);
    }

    #[test]
    fn starts_at_the_first_page() {
        let fetched = Fetched::default();
        let pages = vec![page(&[9], None), page(&[1, 2], None), page(&[], None)];
        let (items, _) = collect(paginate(
            2,
            1,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2]);
        assert_eq!(*fetched.borrow(), [1, 2]);
    }

    #[test]
    fn yields_the_first_error_then_stops() {
        let fetched = Fetched::default();
        let pages = vec![
            page(&[1, 2], None),
            Err(Error::InvalidRequest("boom".to_owned())),
            page(&[3, 4], None),
        ];
        let (items, error) = collect(paginate(
            2,
            0,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2]);
        assert!(matches!(error, Some(Error::InvalidRequest(ref m)) if m == "boom"));
        assert_eq!(*fetched.borrow(), [0, 1]);
    }

    #[test]
    fn fetches_lazily() {
        let fetched = Fetched::default();
        let pages = vec![page(&[1, 2], None), page(&[3, 4], None), page(&[], None)];
        let stream = paginate(2, 0, Advance::Pages, fetcher(pages, fetched.clone()));
        futures::pin_mut!(stream);
        assert!(fetched.borrow().is_empty());
        assert_eq!(block_on(stream.try_next()).unwrap(), Some(1));
        assert_eq!(block_on(stream.try_next()).unwrap(), Some(2));
        assert_eq!(*fetched.borrow(), [0]);
        assert_eq!(block_on(stream.try_next()).unwrap(), Some(3));
        assert_eq!(*fetched.borrow(), [0, 1]);
    }

    #[test]
    fn non_positive_page_sizes_stop_on_empty_pages() {
        let fetched = Fetched::default();
        let pages = vec![page(&[1], None), page(&[], None)];
        let (items, _) = collect(paginate(
            0,
            0,
            Advance::Pages,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1]);
        assert_eq!(*fetched.borrow(), [0, 1]);
    }

    #[test]
    fn page_number_overflow_ends_the_stream() {
        let fetched = Fetched::default();
        let mut fetch = fetcher(vec![], fetched.clone());
        let stream = paginate(1, i64::MAX, Advance::Pages, move |_| {
            drop(fetch(0));
            future::ready(page(&[7], None))
        });
        let (items, error) = collect(stream);
        assert_eq!(items, [7]);
        assert!(error.is_none());
        assert_eq!(fetched.borrow().len(), 1);
    }

    #[test]
    fn offsets_advance_by_the_items_of_each_page() {
        let fetched = Fetched::default();
        let unused = || Err(Error::InvalidRequest("not a page start".into()));
        let pages = vec![
            page(&[1, 2], Some(5)),
            unused(),
            page(&[3, 4], Some(5)),
            unused(),
            page(&[5], Some(5)),
        ];
        let (items, error) = collect(paginate(
            2,
            0,
            Advance::Items,
            fetcher(pages, fetched.clone()),
        ));
        assert_eq!(items, [1, 2, 3, 4, 5]);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(*fetched.borrow(), [0, 2, 4]);
    }

    /// A cursor fetcher over `pages`, each `(cursor it answers, items, next
    /// cursor)`, recording the cursors asked for.
    fn cursor_walk(
        pages: &'static [(Option<&'static str>, &'static [u32], Option<&'static str>)],
    ) -> (Vec<u32>, Option<Error<String>>, Vec<Option<String>>) {
        let asked = RefCell::new(Vec::new());
        let stream = paginate_cursor(None, |cursor: Option<String>| {
            asked.borrow_mut().push(cursor.clone());
            let page = pages
                .iter()
                .find(|(at, _, _)| at.map(str::to_owned) == cursor)
                .map(|(_, items, next)| Page {
                    items: items.to_vec(),
                    total: None,
                    next: next.map(str::to_owned),
                })
                .ok_or_else(|| Error::InvalidRequest(format!("no page at {cursor:?}")));
            future::ready(page)
        });
        let (items, error) = collect(stream);
        (items, error, asked.into_inner())
    }

    #[test]
    fn cursors_are_followed_until_none_is_given() {
        let (items, error, asked) = cursor_walk(&[
            (None, &[1, 2], Some("b")),
            (Some("b"), &[3], Some("c")),
            (Some("c"), &[4], None),
        ]);
        assert_eq!(items, [1, 2, 3, 4]);
        assert!(error.is_none(), "{error:?}");
        assert_eq!(asked, [None, Some("b".into()), Some("c".into())]);
    }

    #[test]
    fn an_empty_or_repeated_cursor_ends_the_walk() {
        let (items, _, asked) =
            cursor_walk(&[(None, &[1], Some("a")), (Some("a"), &[2], Some(""))]);
        assert_eq!(items, [1, 2]);
        assert_eq!(asked.len(), 2);
        let (items, _, asked) =
            cursor_walk(&[(None, &[1], Some("a")), (Some("a"), &[2], Some("a"))]);
        assert_eq!(items, [1, 2]);
        assert_eq!(asked.len(), 2);
        let (items, _, asked) = cursor_walk(&[(None, &[], Some("a"))]);
        assert!(items.is_empty());
        assert_eq!(asked.len(), 1);
    }
}
