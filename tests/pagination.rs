//! Native tests of the page cursor (src/pagination.rs), driven by a small in-memory list that
//! answers `(offset, limit)` like the API does.
#![allow(clippy::unwrap_used)]

use astro_platform_client::pagination::{
    PageCursor, PageOutcome, PaginationError, DEFAULT_PAGE_SIZE,
};

/// A well-behaved server over `total` items: returns items `offset..min(offset+limit, total)`
/// and `totalCount`.
fn serve(total: u64, offset: u64, limit: u64) -> (Vec<u64>, Option<u64>) {
    let end = offset.saturating_add(limit).min(total);
    ((offset.min(end)..end).collect(), Some(total))
}

/// Drive a cursor against a server function; returns requested (offset, limit) pairs and the
/// items kept, with a hard stop so a bug cannot hang the test.
fn drive(
    mut cursor: PageCursor,
    mut server: impl FnMut(u64, u64) -> (Vec<u64>, Option<u64>),
) -> (Vec<(u64, u64)>, Vec<u64>) {
    let mut requests = Vec::new();
    let mut items = Vec::new();
    while let Some((offset, limit)) = cursor.next_request() {
        assert!(requests.len() < 10_000, "pagination did not terminate");
        requests.push((offset, limit));
        let (page, total) = server(offset, limit);
        let outcome = cursor.record_page(page.len() as u64, total);
        items.extend(page.iter().take(outcome.keep as usize));
        assert_eq!(outcome.done, cursor.is_done());
    }
    (requests, items)
}

#[test]
fn default_page_size_is_100() {
    assert_eq!(DEFAULT_PAGE_SIZE, 100);
    let cursor = PageCursor::new(0, None).unwrap();
    assert_eq!(cursor.next_request(), Some((0, 100)));
    assert_eq!(cursor.limit(), 100);
    assert_eq!(cursor.total(), None);
}

#[test]
fn zero_limit_is_refused() {
    assert_eq!(PageCursor::new(0, Some(0)), Err(PaginationError::ZeroLimit));
    assert!(PaginationError::ZeroLimit.to_string().contains("limit"));
}

#[test]
fn walks_1050_items_in_pages_of_100_with_exact_offsets() {
    let cursor = PageCursor::new(0, Some(100)).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(1050, o, l));
    let expected: Vec<(u64, u64)> = (0..11).map(|i| (i * 100, 100)).collect();
    assert_eq!(requests, expected);
    assert_eq!(items, (0..1050).collect::<Vec<_>>());
}

#[test]
fn exact_multiple_stops_at_total_without_an_extra_request() {
    let cursor = PageCursor::new(0, Some(100)).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(1000, o, l));
    assert_eq!(requests.len(), 10);
    assert_eq!(requests.last(), Some(&(900, 100)));
    assert_eq!(items.len(), 1000);
}

#[test]
fn cursor_state_after_each_page() {
    let mut cursor = PageCursor::new(0, Some(100)).unwrap();
    assert_eq!(
        cursor.record_page(100, Some(250)),
        PageOutcome {
            keep: 100,
            done: false
        }
    );
    assert_eq!(cursor.offset(), 100);
    assert_eq!(cursor.fetched(), 100);
    assert_eq!(cursor.total(), Some(250));
    assert_eq!(cursor.next_request(), Some((100, 100)));
    assert_eq!(
        cursor.record_page(100, Some(250)),
        PageOutcome {
            keep: 100,
            done: false
        }
    );
    assert_eq!(
        cursor.record_page(50, Some(250)),
        PageOutcome {
            keep: 50,
            done: true
        }
    );
    assert_eq!(cursor.next_request(), None);
    assert_eq!(cursor.pages(), 3);
    assert_eq!(cursor.kept(), 250);
    // Recording after the end changes nothing.
    assert_eq!(
        cursor.record_page(100, Some(999)),
        PageOutcome {
            keep: 0,
            done: true
        }
    );
    assert_eq!(cursor.offset(), 250);
    assert_eq!(cursor.pages(), 3);
}

#[test]
fn empty_list_takes_one_request() {
    let cursor = PageCursor::new(0, None).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(0, o, l));
    assert_eq!(requests, vec![(0, 100)]);
    assert!(items.is_empty());
}

#[test]
fn empty_page_stops_even_if_total_says_more() {
    let cursor = PageCursor::new(0, Some(10)).unwrap();
    // Server claims 100 items but has only 25.
    let (requests, items) = drive(cursor, |o, l| {
        let (page, _) = serve(25, o, l);
        (page, Some(100))
    });
    assert_eq!(requests, vec![(0, 10), (10, 10), (20, 10), (25, 10)]);
    assert_eq!(items.len(), 25);
}

#[test]
fn short_pages_with_total_keep_going_by_items_received() {
    // A server that never returns more than 30 items although 100 are asked.
    let cursor = PageCursor::new(0, Some(100)).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(95, o, l.min(30)));
    assert_eq!(requests, vec![(0, 100), (30, 100), (60, 100), (90, 100)]);
    assert_eq!(items, (0..95).collect::<Vec<_>>());
}

#[test]
fn without_total_a_short_page_is_the_last() {
    let cursor = PageCursor::new(0, Some(100)).unwrap();
    let (requests, items) = drive(cursor, |o, l| (serve(250, o, l).0, None));
    assert_eq!(requests, vec![(0, 100), (100, 100), (200, 100)]);
    assert_eq!(items.len(), 250);
    // Full pages without total continue until an empty one.
    let cursor = PageCursor::new(0, Some(100)).unwrap();
    let (requests, _) = drive(cursor, |o, l| (serve(200, o, l).0, None));
    assert_eq!(requests, vec![(0, 100), (100, 100), (200, 100)]);
}

#[test]
fn start_offset_is_respected() {
    let cursor = PageCursor::new(40, Some(25)).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(100, o, l));
    assert_eq!(requests, vec![(40, 25), (65, 25), (90, 25)]);
    assert_eq!(items, (40..100).collect::<Vec<_>>());
    // Starting past the end: one request, nothing.
    let cursor = PageCursor::new(500, Some(25)).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(100, o, l));
    assert_eq!(requests, vec![(500, 25)]);
    assert!(items.is_empty());
}

#[test]
fn more_items_than_asked_are_accepted_and_advance_the_offset() {
    // A server that returns twice as many items as asked.
    let cursor = PageCursor::new(0, Some(10)).unwrap();
    let (requests, items) = drive(cursor, |o, l| serve(45, o, l * 2));
    assert_eq!(requests, vec![(0, 10), (20, 10), (40, 10)]);
    assert_eq!(items, (0..45).collect::<Vec<_>>());
}

#[test]
fn a_server_ignoring_offset_is_caught_by_the_echoed_offset() {
    let mut cursor = PageCursor::new(0, Some(10)).unwrap();
    let mut requests = 0;
    while let Some((offset, _)) = cursor.next_request() {
        requests += 1;
        assert!(requests < 100);
        // The server always answers the first page and echoes offset 0.
        match cursor.check_echoed_offset(0) {
            Ok(()) => {
                cursor.record_page(10, Some(1_000_000));
            }
            Err(err) => {
                assert_eq!(
                    err,
                    PaginationError::OffsetMismatch {
                        requested: offset,
                        echoed: 0
                    }
                );
                assert!(err.to_string().contains("offset 0"));
                break;
            }
        }
    }
    assert_eq!(requests, 2);
    assert!(cursor.is_done());
    assert_eq!(cursor.next_request(), None);
}

#[test]
fn a_server_ignoring_offset_with_a_fixed_total_still_terminates() {
    // Same page every time, totalCount 35: the offset advances by what was received and reaches
    // the total, so the loop ends even without the echoed-offset check.
    let cursor = PageCursor::new(0, Some(10)).unwrap();
    let (requests, _) = drive(cursor, |_, l| serve(35, 0, l));
    assert_eq!(requests, vec![(0, 10), (10, 10), (20, 10), (30, 10)]);
}

#[test]
fn shrinking_total_stops_earlier() {
    let mut cursor = PageCursor::new(0, Some(10)).unwrap();
    assert!(!cursor.record_page(10, Some(100)).done);
    assert!(cursor.record_page(10, Some(15)).done);
    assert_eq!(cursor.total(), Some(15));
}

#[test]
fn offsets_saturate_instead_of_overflowing() {
    let mut cursor = PageCursor::new(u64::MAX - 5, Some(u64::MAX)).unwrap();
    assert_eq!(cursor.next_request(), Some((u64::MAX - 5, u64::MAX)));
    let outcome = cursor.record_page(u64::MAX, None);
    assert!(outcome.done);
    assert_eq!(cursor.offset(), u64::MAX);
    let mut cursor = PageCursor::new(u64::MAX, Some(1)).unwrap();
    assert!(cursor.record_page(1, Some(u64::MAX)).done);
    assert_eq!(cursor.next_request(), None);
}

#[test]
fn list_all_cap_truncates_the_last_page() {
    let cursor = PageCursor::new(0, Some(100)).unwrap().with_max_items(250);
    let (requests, items) = drive(cursor, |o, l| serve(1050, o, l));
    assert_eq!(requests, vec![(0, 100), (100, 100), (200, 100)]);
    assert_eq!(items, (0..250).collect::<Vec<_>>());
}

#[test]
fn list_all_cap_on_a_page_boundary_stops_without_another_request() {
    let mut cursor = PageCursor::new(0, Some(100)).unwrap().with_max_items(200);
    assert_eq!(cursor.max_items(), Some(200));
    assert_eq!(
        cursor.record_page(100, Some(1050)),
        PageOutcome {
            keep: 100,
            done: false
        }
    );
    assert_eq!(
        cursor.record_page(100, Some(1050)),
        PageOutcome {
            keep: 100,
            done: true
        }
    );
    assert_eq!(cursor.next_request(), None);
    assert_eq!(cursor.kept(), 200);
}

#[test]
fn list_all_cap_larger_than_the_list_returns_everything() {
    let cursor = PageCursor::new(0, Some(100))
        .unwrap()
        .with_max_items(10_000);
    let (requests, items) = drive(cursor, |o, l| serve(1050, o, l));
    assert_eq!(requests.len(), 11);
    assert_eq!(items.len(), 1050);
}

#[test]
fn list_all_cap_smaller_than_one_page() {
    let mut cursor = PageCursor::new(0, Some(100)).unwrap().with_max_items(7);
    assert_eq!(cursor.next_request(), Some((0, 100)));
    assert_eq!(
        cursor.record_page(100, Some(1050)),
        PageOutcome {
            keep: 7,
            done: true
        }
    );
    assert_eq!(cursor.fetched(), 100);
    assert_eq!(cursor.kept(), 7);
}

#[test]
fn list_all_cap_of_zero_requests_nothing() {
    let cursor = PageCursor::new(0, Some(100)).unwrap().with_max_items(0);
    assert_eq!(cursor.next_request(), None);
    let (requests, items) = drive(cursor, |o, l| serve(1050, o, l));
    assert!(requests.is_empty());
    assert!(items.is_empty());
}

#[test]
fn finish_stops_the_cursor() {
    let mut cursor = PageCursor::new(0, None).unwrap();
    cursor.record_page(100, Some(1000));
    cursor.finish();
    assert!(cursor.is_done());
    assert_eq!(cursor.next_request(), None);
}

#[test]
fn every_small_configuration_terminates_with_the_right_items() {
    for total in [0u64, 1, 2, 9, 10, 11, 99, 100, 101, 1050] {
        for limit in [1u64, 2, 3, 10, 100, 1000] {
            for cap in [None, Some(0u64), Some(1), Some(5), Some(100), Some(2000)] {
                let mut cursor = PageCursor::new(0, Some(limit)).unwrap();
                if let Some(cap) = cap {
                    cursor = cursor.with_max_items(cap);
                }
                let (requests, items) = drive(cursor, |o, l| serve(total, o, l));
                let expected_len = cap.map_or(total, |c| c.min(total));
                assert_eq!(
                    items,
                    (0..expected_len).collect::<Vec<_>>(),
                    "total {total} limit {limit} cap {cap:?}"
                );
                // Offsets are consecutive multiples of the limit.
                for (i, (offset, l)) in requests.iter().enumerate() {
                    assert_eq!(*offset, i as u64 * limit);
                    assert_eq!(*l, limit);
                }
                // No more requests than needed: pages covering the items, plus one empty page
                // only when the list is empty.
                let needed = if cap == Some(0) {
                    0
                } else if expected_len == 0 {
                    1
                } else {
                    expected_len.div_ceil(limit)
                };
                assert_eq!(
                    requests.len() as u64,
                    needed,
                    "total {total} limit {limit} cap {cap:?}"
                );
            }
        }
    }
}
