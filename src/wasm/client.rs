//! `AstroClient`: one async method per operation, plus `prepare`.

use std::rc::Rc;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::operations::Operation;

use super::bridge;
use super::call::{check_url_length, execute, final_headers, input_to_json};
use super::errors::{ClientError, IssueData};
use super::options::{CallOptions, Config};
use super::paginate::{failed_iterator, list_all, Listing, Paginator};
use super::wait::{wait, Target};

/// A client of the Astro Platform API (v1beta1).
#[wasm_bindgen]
pub struct AstroClient {
    pub(crate) config: Rc<Config>,
}

fn reject(err: ClientError) -> Promise {
    Promise::reject(&err.into_js())
}

pub(crate) fn with_operation(err: ClientError, op: Operation) -> ClientError {
    match err {
        ClientError::Validation { operation: None, issues } => {
            ClientError::Validation { operation: Some(op.name().to_owned()), issues }
        }
        other => other,
    }
}

impl AstroClient {
    fn call(&self, op: Operation, input: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        future_to_promise(async move {
            let call = CallOptions::from_js(&options).map_err(|e| with_operation(e, op).into_js())?;
            execute(&config, op, &input, &call).await.map(|s| s.into_js()).map_err(ClientError::into_js)
        })
    }
}

/// Looks an operation up by its name (`"listDeployments"`).
pub(crate) fn operation_named(name: &JsValue) -> Result<Operation, ClientError> {
    let text = name.as_string().unwrap_or_default();
    Operation::from_name(&text).ok_or_else(|| {
        ClientError::validation(
            None,
            IssueData::new("operation", "enum", format!("unknown operation {text:?}")),
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
        Ok(AstroClient { config: Rc::new(config) })
    }

    /// What a call would send (`{method, url, headers, body}`), without sending anything.
    #[wasm_bindgen(skip_typescript)]
    pub fn prepare(&self, operation: JsValue, input: JsValue) -> Promise {
        let op = match operation_named(&operation) {
            Ok(op) => op,
            Err(e) => return reject(e),
        };
        let config = self.config.clone();
        future_to_promise(async move {
            let run = async {
                let value = input_to_json(Some(op), &input)?;
                let prepared = bridge::prepare(op, value, &config.base_url, config.organization_id.as_deref())?;
                check_url_length(op, &prepared)?;
                let headers = final_headers(Some(op), &config, &prepared, &[]).await?;
                let out = Object::new();
                let header_obj = Object::new();
                for (n, v) in &headers {
                    let _ = Reflect::set(&header_obj, &JsValue::from_str(n), &JsValue::from_str(v));
                }
                let _ = Reflect::set(&out, &"method".into(), &prepared.method.as_str().into());
                let _ = Reflect::set(&out, &"url".into(), &prepared.url.as_str().into());
                let _ = Reflect::set(&out, &"headers".into(), &header_obj);
                if let Some(body) = &prepared.body {
                    let _ = Reflect::set(&out, &"body".into(), &body.as_str().into());
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
    pub fn paginate(&self, operation: JsValue, input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
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
        future_to_promise(async move {
            list_all(config, op, input, options).await.map_err(|e| with_operation(e, op).into_js())
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
}

impl AstroClient {
    fn waiter(&self, target: Target, input: JsValue, options: JsValue) -> Promise {
        let config = self.config.clone();
        future_to_promise(async move { wait(config, target, input, options).await.map_err(ClientError::into_js) })
    }
}

/// One method per operation: `(rust name, js name, Operation, input attr, input type, output type)`.
macro_rules! operations {
    ($( $rust:ident $js:ident $variant:ident $attr:ident $input:tt $output:tt; )*) => {
        #[wasm_bindgen]
        impl AstroClient {
            $(
                #[doc = concat!("Calls `", stringify!($js), "`. Every failure rejects the promise.")]
                #[wasm_bindgen(js_name = $js, unchecked_return_type = $output)]
                pub fn $rust(
                    &self,
                    #[wasm_bindgen($attr = $input)] input: JsValue,
                    #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] options: JsValue,
                ) -> Promise {
                    self.call(Operation::$variant, input, options)
                }
            )*
        }
    };
}

operations! {
    list_organizations listOrganizations ListOrganizations unchecked_optional_param_type "ListOrganizationsInput" "Promise<OrganizationsPaginated>";
    get_organization getOrganization GetOrganization unchecked_optional_param_type "GetOrganizationInput" "Promise<Organization>";
    update_organization updateOrganization UpdateOrganization unchecked_param_type "UpdateOrganizationInput" "Promise<Organization>";
    list_clusters listClusters ListClusters unchecked_optional_param_type "ListClustersInput" "Promise<ClustersPaginated>";
    create_cluster createCluster CreateCluster unchecked_param_type "CreateClusterInput" "Promise<Cluster>";
    get_cluster getCluster GetCluster unchecked_param_type "GetClusterInput" "Promise<Cluster>";
    update_cluster updateCluster UpdateCluster unchecked_param_type "UpdateClusterInput" "Promise<Cluster>";
    delete_cluster deleteCluster DeleteCluster unchecked_param_type "DeleteClusterInput" "Promise<void>";
    get_cluster_options getClusterOptions GetClusterOptions unchecked_param_type "GetClusterOptionsInput" "Promise<ClusterOptions[]>";
    get_deployment_options getDeploymentOptions GetDeploymentOptions unchecked_optional_param_type "GetDeploymentOptionsInput" "Promise<DeploymentOptions>";
    list_workspaces listWorkspaces ListWorkspaces unchecked_optional_param_type "ListWorkspacesInput" "Promise<WorkspacesPaginated>";
    create_workspace createWorkspace CreateWorkspace unchecked_param_type "CreateWorkspaceInput" "Promise<Workspace>";
    get_workspace getWorkspace GetWorkspace unchecked_param_type "GetWorkspaceInput" "Promise<Workspace>";
    update_workspace updateWorkspace UpdateWorkspace unchecked_param_type "UpdateWorkspaceInput" "Promise<Workspace>";
    delete_workspace deleteWorkspace DeleteWorkspace unchecked_param_type "DeleteWorkspaceInput" "Promise<void>";
    list_deployments listDeployments ListDeployments unchecked_optional_param_type "ListDeploymentsInput" "Promise<DeploymentsPaginated>";
    create_deployment createDeployment CreateDeployment unchecked_param_type "CreateDeploymentInput" "Promise<Deployment>";
    get_deployment getDeployment GetDeployment unchecked_param_type "GetDeploymentInput" "Promise<Deployment>";
    update_deployment updateDeployment UpdateDeployment unchecked_param_type "UpdateDeploymentInput" "Promise<Deployment>";
    delete_deployment deleteDeployment DeleteDeployment unchecked_param_type "DeleteDeploymentInput" "Promise<void>";
}
