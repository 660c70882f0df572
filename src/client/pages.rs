//! Pagination of any offset-paginated list operation (`OperationSpec::list_items`): a
//! [`Paginator`] stream of items holding one page at a time, and [`Client::list_all`] with a cap.
//! The cursor is [`crate::pagination::PageCursor`], the package's.

use std::collections::VecDeque;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::operations::OperationInput;
use crate::pagination::PageCursor;
use crate::validation::Rule;

use super::send::{execute, input_issue, Inner};
use super::{ApiInput, ApiVersion, CallOptions, Client, Error};

/// What one page of a list holds, read from the typed page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items (the field `OperationSpec::list_items` names: `deployments`, `tokens`, ...).
    pub items: Vec<T>,
    /// The page's `totalCount`.
    pub total_count: Option<i64>,
    /// The page's `offset` (compared with the offset requested).
    pub offset: Option<i64>,
}

/// The input of an offset-paginated list operation (implemented by the generated list
/// inputs): how to ask for a page, and where the items are in the answer.
pub trait Paginated: OperationInput<Output: Send> + Clone + Send + Sync + 'static {
    /// One item of the list (`Deployment`, `ApiToken`, ...).
    type Item: Send + 'static;

    /// The `offset` of the input.
    fn offset(&self) -> Option<i64>;

    /// The `limit` (page size) of the input.
    fn limit(&self) -> Option<i64>;

    /// Asks for the page at `offset` of `limit` items.
    fn set_page(&mut self, offset: i64, limit: i64);

    /// The items, `totalCount` and `offset` of a page.
    fn into_page(page: Self::Output) -> Page<Self::Item>;
}

/// The items of a listing, fetched one page at a time as they are consumed: a
/// [`Stream`] of `Result<T, Error>` (use `futures::StreamExt`, or [`Paginator::try_next`]).
/// After an error the stream ends. Dropping it stops the listing (and cancels a page in
/// flight).
pub struct Paginator<T> {
    stream: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Paginator")
    }
}

impl<T> Stream for Paginator<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.stream.as_mut().poll_next(cx)
    }
}

impl<T> Paginator<T> {
    /// The next item, `Ok(None)` at the end of the listing.
    pub async fn try_next(&mut self) -> Result<Option<T>, Error> {
        std::future::poll_fn(|cx| self.stream.as_mut().poll_next(cx))
            .await
            .transpose()
    }
}

/// A listing in progress.
struct Listing<I: Paginated> {
    client: std::sync::Arc<Inner>,
    input: I,
    options: CallOptions,
    cursor: PageCursor,
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl<I: Paginated> Listing<I> {
    fn new(
        client: std::sync::Arc<Inner>,
        input: I,
        options: CallOptions,
        max_items: Option<u64>,
    ) -> Result<Listing<I>, Error> {
        let spec = I::spec();
        // As in the package: a negative offset or limit counts as absent.
        let offset = input
            .offset()
            .and_then(|o| u64::try_from(o).ok())
            .unwrap_or(0);
        let limit = input.limit().and_then(|l| u64::try_from(l).ok());
        let cursor = PageCursor::new(offset, limit)
            .map_err(|e| input_issue(spec.name, "limit", Rule::Minimum, e.to_string()))?;
        let cursor = match max_items {
            Some(max) => cursor.with_max_items(max),
            None => cursor,
        };
        Ok(Listing {
            client,
            input,
            options,
            cursor,
        })
    }

    /// The next page's items (`None` once the listing is finished).
    async fn next_page(&mut self) -> Result<Option<Vec<I::Item>>, Error> {
        let Some((offset, limit)) = self.cursor.next_request() else {
            return Ok(None);
        };
        let spec = I::spec();
        let mut input = self.input.clone();
        input.set_page(to_i64(offset), to_i64(limit));
        let output = match execute::<I, _>(&self.client, &input, &self.options).await {
            Ok(output) => output,
            Err(e) => {
                self.cursor.finish();
                return Err(e);
            }
        };
        let page = I::into_page(output);
        if let Some(echoed) = page.offset.and_then(|o| u64::try_from(o).ok()) {
            self.cursor.check_echoed_offset(echoed).map_err(|e| {
                Error::Decode(crate::error::DecodeError {
                    operation: spec.name,
                    status: 200,
                    message: format!("{}: {e}", spec.name),
                })
            })?;
        }
        let total = page.total_count.and_then(|t| u64::try_from(t).ok());
        let received = u64::try_from(page.items.len()).unwrap_or(u64::MAX);
        let outcome = self.cursor.record_page(received, total);
        let mut items = page.items;
        items.truncate(usize::try_from(outcome.keep).unwrap_or(usize::MAX));
        Ok(Some(items))
    }
}

/// The stream's state between items.
struct State<I: Paginated> {
    listing: Option<Listing<I>>,
    /// An error to yield first (the input could not start a listing).
    error: Option<Error>,
    buffer: VecDeque<I::Item>,
}

impl<V: ApiVersion> Client<V> {
    /// The items of a list operation, page after page (the input's `limit` is the page size,
    /// default 100; its `offset` the start). One page is held at a time.
    ///
    /// ```no_run
    /// use astro_platform_client::client::{v1beta1, Error};
    /// use astro_platform_client::v1beta1::inputs::ListDeploymentsInput;
    ///
    /// # async fn run(astro: v1beta1::Client) -> Result<(), Error> {
    /// let mut deployments = astro.paginate(ListDeploymentsInput::default());
    /// while let Some(deployment) = deployments.try_next().await? {
    ///     println!("{}", deployment.name);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn paginate<I>(&self, input: I) -> Paginator<I::Item>
    where
        I: Paginated + ApiInput<V>,
    {
        self.paginate_with(input, CallOptions::default())
    }

    /// [`paginate`](Client::paginate) with options for each page's call.
    pub fn paginate_with<I>(&self, input: I, options: CallOptions) -> Paginator<I::Item>
    where
        I: Paginated + ApiInput<V>,
    {
        let (listing, error) =
            match Listing::new(std::sync::Arc::clone(&self.inner), input, options, None) {
                Ok(listing) => (Some(listing), None),
                Err(e) => (None, Some(e)),
            };
        let state = State {
            listing,
            error,
            buffer: VecDeque::new(),
        };
        let stream = futures_util::stream::unfold(state, |mut state| async move {
            loop {
                if let Some(e) = state.error.take() {
                    state.listing = None;
                    return Some((Err(e), state));
                }
                if let Some(item) = state.buffer.pop_front() {
                    return Some((Ok(item), state));
                }
                let listing = state.listing.as_mut()?;
                match listing.next_page().await {
                    Ok(Some(items)) => state.buffer.extend(items),
                    Ok(None) => return None,
                    Err(e) => {
                        state.listing = None;
                        return Some((Err(e), state));
                    }
                }
            }
        });
        Paginator {
            stream: Box::pin(stream),
        }
    }

    /// Every item of a list operation, at most `max_items` (a required cap: a listing can be
    /// long). Pages are requested until the cap or the end of the list.
    pub async fn list_all<I>(&self, input: I, max_items: usize) -> Result<Vec<I::Item>, Error>
    where
        I: Paginated + ApiInput<V>,
    {
        self.list_all_with(input, max_items, CallOptions::default())
            .await
    }

    /// [`list_all`](Client::list_all) with options for each page's call.
    pub async fn list_all_with<I>(
        &self,
        input: I,
        max_items: usize,
        options: CallOptions,
    ) -> Result<Vec<I::Item>, Error>
    where
        I: Paginated + ApiInput<V>,
    {
        let cap = u64::try_from(max_items).unwrap_or(u64::MAX);
        let mut listing = Listing::new(
            std::sync::Arc::clone(&self.inner),
            input,
            options,
            Some(cap),
        )?;
        let mut all = Vec::new();
        while let Some(items) = listing.next_page().await? {
            all.extend(items);
        }
        Ok(all)
    }
}
