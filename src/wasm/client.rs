//! `AstroClient`: `request` (any operation by name), `prepare`, `paginate`, `listAll` and the
//! waiters. The package entry adds one method per operation (`listDeployments(input, options)`,
//! ...) that calls `request` with the operation's index (`js/operations.js`); their TypeScript
//! declarations are generated from the contract (`src/<version>/typescript.rs`).

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

use crate::encoding;
use crate::registry::OperationSpec;

use super::api;
use super::bridge;
use super::call::{check_url_length, execute, final_headers, input_to_json};
use super::errors::{ClientError, IssueData};
use super::options::{CallOptions, Config};
use super::paginate::{failed_iterator, list_all, Listing, Paginator};
use super::wait::{wait, Target};

/// What `prepare` shows for the Authorization header: never the token itself.
const REDACTED_AUTHORIZATION: &str = "Bearer [redacted]";

/// A client of the Astro API (the version this module was built for).
#[wasm_bindgen]
pub struct AstroClient {
    pub(crate) config: Rc<Config>,
}

fn reject(err: ClientError) -> Promise {
    Promise::reject(&err.into_js())
}

pub(crate) fn with_operation(err: ClientError, op: &OperationSpec) -> ClientError {
    match err {
        ClientError::Validation {
            operation: None,
            issues,
        } => ClientError::Validation {
            operation: Some(op.name.to_owned()),
            issues,
        },
        other => other,
    }
}

/// Looks an operation up by its name (`"listDeployments"`) or its index in `operationNames()`.
pub(crate) fn operation_named(name: &JsValue) -> Result<&'static OperationSpec, ClientError> {
    let ops = api::API.operations;
    if let Some(i) = name.as_f64() {
        if let Some(op) = usize::try_from(i as u32)
            .ok()
            .filter(|_| i.fract() == 0.0 && i >= 0.0)
            .and_then(|i| ops.get(i))
        {
            return Ok(op);
        }
    }
    let text = name.as_string().unwrap_or_default();
    api::API.operation(&text).ok_or_else(|| {
        ClientError::validation(
            None,
            IssueData::new(
                "operation",
                "enum",
                format!(
                    "unknown operation {text:?} (the {} API has {})",
                    api::API.name,
                    ops.len()
                ),
            ),
        )
    })
}

#[wasm_bindgen]
impl AstroClient {
    /// Creates a client. Throws `AstroValidationError` for invalid options (a token with
    /// CR/LF or non-ASCII characters, a base URL that is not absolute, a negative timeout).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "AstroClientOptions")] options: JsValue,
    ) -> Result<AstroClient, JsValue> {
        let config = Config::from_js(&options).map_err(ClientError::into_js)?;
        Ok(AstroClient {
            config: Rc::new(config),
        })
    }

    /// The operation names, in the order `request` accepts as indexes (the package entry
    /// installs one method per name).
    #[wasm_bindgen(js_name = operationNames, skip_typescript)]
    pub fn operation_names() -> js_sys::Array {
        api::API
            .operations
            .iter()
            .map(|op| JsValue::from_str(op.name))
            .collect()
    }

    /// Calls any operation: `request("listDeployments", input, options)`.
    #[wasm_bindgen(skip_typescript)]
    pub fn request(&self, operation: JsValue, input: JsValue, options: JsValue) -> Promise {
        let op = match operation_named(&operation) {
            Ok(op) => op,
            Err(e) => return reject(e),
        };
        let config = self.config.clone();
        super::to_promise(async move {
            let call =
                CallOptions::from_js(&options).map_err(|e| with_operation(e, op).into_js())?;
            execute(&config, op, &input, &call)
                .await
                .map(|s| s.into_js())
                .map_err(ClientError::into_js)
        })
    }

    /// What a call would send (`{method, url, headers, body}`), without sending anything. The
    /// Authorization header shows `Bearer [redacted]`, never the token.
    #[wasm_bindgen(skip_typescript)]
    pub fn prepare(&self, operation: JsValue, input: JsValue) -> Promise {
        let op = match operation_named(&operation) {
            Ok(op) => op,
            Err(e) => return reject(e),
        };
        let config = self.config.clone();
        super::to_promise(async move {
            let run = async {
                let value = input_to_json(Some(op.name), &input)?;
                let prepared = bridge::prepare(
                    op,
                    value,
                    &config.base_url,
                    config.organization_id.as_deref(),
                )?;
                check_url_length(op, &prepared)?;
                let headers = final_headers(Some(op.name), &config, &prepared, &[]).await?;
                let out = Object::new();
                let header_obj = Object::new();
                for (n, v) in &headers {
                    // The token never leaves in what prepare returns (it is for showing and
                    // logging a request): the header says that one will be sent.
                    let shown = if n == "authorization" {
                        REDACTED_AUTHORIZATION
                    } else {
                        v.as_str()
                    };
                    let _ = Reflect::set(
                        &header_obj,
                        &JsValue::from_str(n),
                        &JsValue::from_str(shown),
                    );
                }
                let _ = Reflect::set(&out, &"method".into(), &prepared.method.as_str().into());
                let _ = Reflect::set(&out, &"url".into(), &prepared.url.as_str().into());
                let _ = Reflect::set(&out, &"headers".into(), &header_obj);
                if let Some(body) = &prepared.body {
                    let shown = match op.body.map(|b| b.ty).filter(|ty| ty.carries_secret()) {
                        // A secret the caller sends (a connection's password) is not shown either.
                        Some(ty) => match serde_json::from_str::<serde_json::Value>(body) {
                            Ok(mut value) => {
                                encoding::redact_secrets(&ty, &mut value);
                                encoding::encode_body(&ty, &value)
                            }
                            Err(_) => body.clone(),
                        },
                        None => body.clone(),
                    };
                    let _ = Reflect::set(&out, &"body".into(), &shown.as_str().into());
                }
                Ok::<JsValue, ClientError>(out.into())
            };
            run.await.map_err(|e| with_operation(e, op).into_js())
        })
    }
}

#[wasm_bindgen]
impl AstroClient {
    /// Async iterable over the items of a list operation (`.pages()` for pages).
    #[wasm_bindgen(skip_typescript)]
    pub fn paginate(
        &self,
        operation: JsValue,
        input: JsValue,
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let run = || -> Result<JsValue, ClientError> {
            let op = operation_named(&operation)?;
            let call = CallOptions::from_js(&options).map_err(|e| with_operation(e, op))?;
            let listing = Listing::new(self.config.clone(), op, &input, call)?;
            Paginator::create(listing, false)
        };
        // Errors surface on the first `next()` so that `paginate` itself never throws.
        run().or_else(|e| Ok(failed_iterator(e.into_js())))
    }

    /// Every item of a list operation, up to the required `options.maxItems`.
    #[wasm_bindgen(js_name = listAll, skip_typescript)]
    pub fn list_all(&self, operation: JsValue, input: JsValue, options: JsValue) -> Promise {
        let op = match operation_named(&operation) {
            Ok(op) => op,
            Err(e) => return reject(e),
        };
        let config = self.config.clone();
        super::to_promise(async move {
            list_all(config, op, input, options)
                .await
                .map_err(|e| with_operation(e, op).into_js())
        })
    }

    /// Polls getDeployment until the status is reached (HEALTHY by default).
    #[wasm_bindgen(js_name = waitForDeployment, skip_typescript)]
    pub fn wait_for_deployment(&self, input: JsValue, options: JsValue) -> Promise {
        self.waiter(Target::Deployment, input, options)
    }

    /// Polls getCluster until the status is reached (CREATED by default).
    #[wasm_bindgen(js_name = waitForCluster, skip_typescript)]
    pub fn wait_for_cluster(&self, input: JsValue, options: JsValue) -> Promise {
        self.waiter(Target::Cluster, input, options)
    }

    /// Polls getCluster until it answers 404.
    #[wasm_bindgen(js_name = waitForClusterDeleted, skip_typescript)]
    pub fn wait_for_cluster_deleted(&self, input: JsValue, options: JsValue) -> Promise {
        self.waiter(Target::ClusterDeleted, input, options)
    }

    /// Polls getDeploy until the deploy is DEPLOYED (or FAILED: the wait fails).
    #[wasm_bindgen(js_name = waitForDeploy, skip_typescript)]
    pub fn wait_for_deploy(&self, input: JsValue, options: JsValue) -> Promise {
        self.waiter(Target::Deploy, input, options)
    }
}

impl AstroClient {
    fn waiter(&self, target: Target, input: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        super::to_promise(async move {
            wait(config, target, input, options)
                .await
                .map_err(ClientError::into_js)
        })
    }
}
