//! The operation registry: what each operation of an API version sends and receives, as static
//! data generated from its contract (`src/v1beta1/tables.rs`, `src/v1/tables.rs`).
//!
//! Everything that handles operations is generic over an [`OperationSpec`]: request
//! preparation ([`crate::operations::prepare`]), response checks ([`crate::decoding`]),
//! pagination of any list operation, the wasm client's methods and the emulator's routes.

use crate::schema::Type;

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    /// The method as sent on the wire (`GET`, `POST`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One segment of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Written as is (`organizations`, `bulk-create`).
    Literal(&'static str),
    /// Filled from the input field of this name, encoded as exactly one segment.
    Param(&'static str),
}

/// A query or header parameter. Arrays are sent form-exploded (`sorts=a&sorts=b`), the only
/// style the contracts use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// The wire name (and the input field's name).
    pub name: &'static str,
    pub ty: Type,
    pub required: bool,
}

/// An operation's request body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Body {
    pub ty: Type,
    pub required: bool,
}

/// What a success carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ResponseBody {
    /// Nothing (a 204).
    Empty,
    /// A JSON value of this type.
    Json(Type),
    /// Bytes the contract does not type (e.g. gzipped NDJSON), with their media type.
    Binary { media_type: &'static str },
}

/// One operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OperationSpec {
    /// The operation id, camelCase (`listDeployments`): also the client's method name.
    pub name: &'static str,
    /// The contract's one-line summary.
    pub summary: &'static str,
    pub method: HttpMethod,
    /// The path template below the base URL, one entry per segment.
    pub path: &'static [Segment],
    pub query: &'static [Param],
    pub headers: &'static [Param],
    pub body: Option<Body>,
    /// The documented success status (200 or 204).
    pub success_status: u16,
    pub response: ResponseBody,
    /// For an offset-paginated list (`offset`/`limit` in, `totalCount` out): the response
    /// field that holds the items (`deployments`, `tokens`, ...).
    pub list_items: Option<&'static str>,
}

impl OperationSpec {
    /// The path parameters, in URL order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        self.path.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(*name),
            Segment::Literal(_) => None,
        })
    }

    /// The path template as the contract writes it (`/organizations/{organizationId}`).
    pub fn path_template(&self) -> String {
        let mut out = String::new();
        for s in self.path {
            out.push('/');
            match s {
                Segment::Literal(l) => out.push_str(l),
                Segment::Param(p) => {
                    out.push('{');
                    out.push_str(p);
                    out.push('}');
                }
            }
        }
        out
    }

    /// The query parameter called `name`.
    pub fn query_param(&self, name: &str) -> Option<&'static Param> {
        self.query.iter().find(|p| p.name == name)
    }

    /// Whether the operation is an offset-paginated list.
    pub fn is_list(&self) -> bool {
        self.list_items.is_some()
    }
}

/// One API version: its operations and where it lives.
#[derive(Debug, Clone, Copy)]
pub struct Api {
    /// The version's name (`v1beta1`, `v1`), also its module name.
    pub name: &'static str,
    /// The contract's title.
    pub title: &'static str,
    /// The production base URL (`https://api.astronomer.io/v1`).
    pub default_base_url: &'static str,
    /// The minor version a client pins with the `X-API-Version` header, if the API has one.
    pub api_version: Option<&'static str>,
    /// Every operation, in the contract's order.
    pub operations: &'static [&'static OperationSpec],
}

impl Api {
    /// The operation called `name` (`listDeployments`).
    pub fn operation(&self, name: &str) -> Option<&'static OperationSpec> {
        self.operations.iter().copied().find(|op| op.name == name)
    }
}

/// Anything that names an operation of a generated API: the `Operation` enums of
/// [`crate::v1beta1`] and [`crate::v1`], or the [`OperationSpec`] itself.
pub trait ApiOperation: Copy {
    fn spec(self) -> &'static OperationSpec;
}

impl ApiOperation for &'static OperationSpec {
    fn spec(self) -> &'static OperationSpec {
        self
    }
}
