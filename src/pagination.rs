//! Offset pagination over the four list operations (listOrganizations, listClusters,
//! listWorkspaces, listDeployments), as a small state machine with no I/O.
//!
//! The wasm layer asks [`PageCursor::next_request`] for the `(offset, limit)` of the next page,
//! sends it, and reports what came back with [`PageCursor::record_page`]. The cursor:
//!
//! * advances `offset` by the number of items received (not by `limit`: a server may return a
//!   short page without being at the end);
//! * stops when `offset` reaches `totalCount`, when a page is empty, or, when the server sent no
//!   `totalCount`, when a page is shorter than `limit`;
//! * with a cap ([`PageCursor::with_max_items`], used by `listAll`), stops once `max_items` items
//!   were kept, and tells the caller how many items of the last page to keep.
//!
//! ## Guards against misbehaving servers
//! * A page with more items than asked is accepted (the items are real and the offset still
//!   advances by what was received); with a cap the surplus is truncated like any other.
//! * Every non-empty page advances the offset, and an empty page ends the iteration, so a server
//!   cannot keep the loop on one offset. A server that ignores `offset` altogether (returns the
//!   first page again and again) is caught by [`PageCursor::check_echoed_offset`], which compares
//!   the `offset` the response echoes with the one requested.
//! * `totalCount` is re-read from every page; if the list shrank, iteration stops earlier.
//!   Offsets saturate instead of overflowing.

use std::fmt;

/// Page size used when the input gives no `limit`.
pub const DEFAULT_PAGE_SIZE: u64 = 100;

/// Why a cursor cannot be created or continue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaginationError {
    /// `limit` 0 asks for empty pages: pagination could never make progress.
    ZeroLimit,
    /// The response's `offset` is not the offset requested: the server ignored it.
    OffsetMismatch { requested: u64, echoed: u64 },
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaginationError::ZeroLimit => f.write_str(
                "limit must be at least 1 when paginating (limit 0 returns empty pages)",
            ),
            PaginationError::OffsetMismatch { requested, echoed } => write!(
                f,
                "the server answered offset {echoed} to a request for offset {requested}; \
                 pagination stopped to avoid repeating or skipping items"
            ),
        }
    }
}

impl std::error::Error for PaginationError {}

/// What [`PageCursor::record_page`] tells the caller about the page just received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageOutcome {
    /// How many items of this page to hand to the user, from the start of the page (fewer than
    /// received only when a `max_items` cap truncates the last page).
    pub keep: u64,
    /// True when no further page will be requested.
    pub done: bool,
}

/// Position in a paginated listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    offset: u64,
    limit: u64,
    fetched: u64,
    kept: u64,
    total: Option<u64>,
    max_items: Option<u64>,
    pages: u64,
    done: bool,
}

impl PageCursor {
    /// A cursor starting at `start_offset` (the input's `offset`, default 0) with page size
    /// `limit` (the input's `limit`, default [`DEFAULT_PAGE_SIZE`]).
    pub fn new(start_offset: u64, limit: Option<u64>) -> Result<PageCursor, PaginationError> {
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if limit == 0 {
            return Err(PaginationError::ZeroLimit);
        }
        Ok(PageCursor {
            offset: start_offset,
            limit,
            fetched: 0,
            kept: 0,
            total: None,
            max_items: None,
            pages: 0,
            done: false,
        })
    }

    /// Cap the number of items collected (`listAll`'s required `maxItems`). With 0 nothing is
    /// requested at all.
    pub fn with_max_items(mut self, max_items: u64) -> PageCursor {
        self.max_items = Some(max_items);
        if max_items == 0 {
            self.done = true;
        }
        self
    }

    /// `(offset, limit)` of the next page to request, or `None` when the listing is finished.
    pub fn next_request(&self) -> Option<(u64, u64)> {
        if self.done {
            None
        } else {
            Some((self.offset, self.limit))
        }
    }

    /// Check the `offset` a list response echoes against the offset that was requested. Call
    /// it before [`record_page`](Self::record_page) when the response carries `offset`. On a
    /// mismatch the cursor is finished and the error explains why.
    pub fn check_echoed_offset(&mut self, echoed: u64) -> Result<(), PaginationError> {
        if echoed == self.offset {
            Ok(())
        } else {
            self.done = true;
            Err(PaginationError::OffsetMismatch {
                requested: self.offset,
                echoed,
            })
        }
    }

    /// Record the page that answered the last [`next_request`](Self::next_request):
    /// `items_received` items and the response's `totalCount`, if present.
    pub fn record_page(&mut self, items_received: u64, total_count: Option<u64>) -> PageOutcome {
        if self.done {
            return PageOutcome {
                keep: 0,
                done: true,
            };
        }
        self.pages = self.pages.saturating_add(1);
        self.fetched = self.fetched.saturating_add(items_received);
        self.offset = self.offset.saturating_add(items_received);
        if total_count.is_some() {
            self.total = total_count;
        }

        let keep = match self.max_items {
            Some(max) => items_received.min(max.saturating_sub(self.kept)),
            None => items_received,
        };
        self.kept = self.kept.saturating_add(keep);

        let cap_reached = self.max_items.is_some_and(|max| self.kept >= max);
        let end_of_list = match total_count {
            _ if items_received == 0 => true,
            Some(total) => self.offset >= total,
            // Without totalCount, a short page is the last one.
            None => items_received < self.limit,
        };
        self.done = cap_reached || end_of_list || self.offset == u64::MAX;
        PageOutcome {
            keep,
            done: self.done,
        }
    }

    /// Offset of the next page (or where the listing ended).
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Page size requested.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Items received so far, including any truncated by the cap.
    pub fn fetched(&self) -> u64 {
        self.fetched
    }

    /// Items handed to the user so far.
    pub fn kept(&self) -> u64 {
        self.kept
    }

    /// The latest `totalCount` seen.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Pages recorded so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// The cap, if any.
    pub fn max_items(&self) -> Option<u64> {
        self.max_items
    }

    /// True when no further page will be requested.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Stop the iteration (for example when the caller's loop breaks or the signal aborts).
    pub fn finish(&mut self) {
        self.done = true;
    }
}
