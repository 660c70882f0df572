//! The native client against the emulator over real HTTP: every v1beta1 operation through its
//! generated method, the generic `send`, validation (nothing sent), API errors, the builder's
//! checks, and the token kept out of `Debug`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod client_support;

use std::collections::BTreeSet;

use astro_platform_client::client::{v1beta1, Error, Secret};
use astro_platform_client::v1beta1::inputs::*;
use astro_platform_client::v1beta1::models::*;
use astro_platform_client::v1beta1::Operation;
use astro_platform_client::validation::Rule;
use client_support::{dedicated, emulator, input, DEMO_ORG, TOKEN};
use serde_json::json;

#[tokio::test]
async fn every_v1beta1_operation_over_http() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let mut called: BTreeSet<&str> = BTreeSet::new();

    // Organizations.
    let orgs = astro
        .list_organizations(ListOrganizationsInput::default())
        .await
        .unwrap();
    called.insert("listOrganizations");
    assert!(orgs.organizations.iter().any(|o| o.id == DEMO_ORG));
    let org = astro
        .get_organization(GetOrganizationInput::default())
        .await
        .unwrap();
    called.insert("getOrganization");
    assert_eq!(org.id, DEMO_ORG, "the client's default organization");
    let renamed = astro
        .update_organization(UpdateOrganizationInput {
            organization_id: None,
            body: UpdateOrganizationRequest {
                billing_email: "billing@acme.example".into(),
                is_scim_enabled: false,
                name: "Acme Renamed".into(),
            },
        })
        .await
        .unwrap();
    called.insert("updateOrganization");
    assert_eq!(renamed.name, "Acme Renamed");

    // Clusters and options.
    let aws = astro
        .list_clusters(ListClustersInput {
            provider: Some(RequestCloudProvider::Aws),
            ..Default::default()
        })
        .await
        .unwrap();
    called.insert("listClusters");
    assert_eq!(aws.total_count, 2);
    let options = astro
        .get_cluster_options(GetClusterOptionsInput {
            organization_id: None,
            provider: None,
            r#type: RequestClusterType::Dedicated,
        })
        .await
        .unwrap();
    called.insert("getClusterOptions");
    assert_eq!(options.len(), 3);
    let created = astro
        .create_cluster(input(
            json!({"cloudProvider": "AWS", "type": "DEDICATED", "name": "client-aws",
            "region": "us-west-2", "vpcSubnetRange": "172.20.0.0/19"}),
        ))
        .await
        .unwrap();
    called.insert("createCluster");
    assert_eq!(created.status, ClusterStatus::Creating);
    let fetched = astro
        .get_cluster(GetClusterInput {
            organization_id: None,
            cluster_id: created.id.clone(),
        })
        .await
        .unwrap();
    called.insert("getCluster");
    assert_eq!(fetched.name, "client-aws");
    let prod = aws
        .clusters
        .iter()
        .find(|c| c.name == "aws-prod-use1")
        .unwrap();
    let updated = astro
        .update_cluster(input(
            json!({"clusterId": prod.id, "name": "aws-prod-renamed",
            "k8sTags": [{"key": "k", "value": "v"}]}),
        ))
        .await
        .unwrap();
    called.insert("updateCluster");
    assert_eq!(updated.name, "aws-prod-renamed");
    let gone: () = astro
        .delete_cluster(DeleteClusterInput {
            organization_id: None,
            cluster_id: created.id.clone(),
        })
        .await
        .unwrap();
    called.insert("deleteCluster");
    assert_eq!(gone, ());

    // Workspaces.
    let workspaces = astro
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap();
    called.insert("listWorkspaces");
    let sandbox = workspaces
        .workspaces
        .iter()
        .find(|w| w.name == "Sandbox")
        .unwrap()
        .id
        .clone();
    let ws = astro
        .create_workspace(CreateWorkspaceInput {
            organization_id: None,
            body: CreateWorkspaceRequest {
                name: "Client".into(),
                description: Some("made by the native client".into()),
                cicd_enforced_default: None,
            },
        })
        .await
        .unwrap();
    called.insert("createWorkspace");
    let got = astro
        .get_workspace(GetWorkspaceInput {
            organization_id: None,
            workspace_id: ws.id.clone(),
        })
        .await
        .unwrap();
    called.insert("getWorkspace");
    assert_eq!(
        got.description.as_deref(),
        Some("made by the native client")
    );
    let renamed = astro
        .update_workspace(UpdateWorkspaceInput {
            organization_id: None,
            workspace_id: ws.id.clone(),
            body: UpdateWorkspaceRequest {
                name: "Client 2".into(),
                description: "renamed".into(),
                cicd_enforced_default: true,
            },
        })
        .await
        .unwrap();
    called.insert("updateWorkspace");
    assert_eq!(renamed.name, "Client 2");
    astro
        .delete_workspace(DeleteWorkspaceInput {
            organization_id: None,
            workspace_id: ws.id.clone(),
        })
        .await
        .unwrap();
    called.insert("deleteWorkspace");

    // Deployments.
    let choices = astro
        .get_deployment_options(GetDeploymentOptionsInput::default())
        .await
        .unwrap();
    called.insert("getDeploymentOptions");
    assert!(!choices.runtime_releases.is_empty());
    let listed = astro
        .list_deployments(ListDeploymentsInput::default())
        .await
        .unwrap();
    called.insert("listDeployments");
    assert!(listed.total_count >= 7);
    let deployment = astro
        .create_deployment(input(dedicated(&sandbox, &prod.id)))
        .await
        .unwrap();
    called.insert("createDeployment");
    assert_eq!(deployment.status, DeploymentStatus::Creating);
    let again = astro
        .get_deployment(GetDeploymentInput {
            organization_id: None,
            deployment_id: deployment.id.clone(),
        })
        .await
        .unwrap();
    called.insert("getDeployment");
    assert_eq!(again.name, "client-test");
    let mut update = dedicated(&sandbox, &prod.id);
    let fields = update.as_object_mut().unwrap();
    fields.remove("clusterId");
    fields.remove("astroRuntimeVersion");
    fields.insert("environmentVariables".into(), json!([]));
    fields.insert("description".into(), json!("updated"));
    fields.insert("deploymentId".into(), json!(deployment.id));
    let changed = astro.update_deployment(input(update)).await.unwrap();
    called.insert("updateDeployment");
    assert_eq!(changed.description.as_deref(), Some("updated"));
    astro
        .delete_deployment(DeleteDeploymentInput {
            organization_id: None,
            deployment_id: deployment.id.clone(),
        })
        .await
        .unwrap();
    called.insert("deleteDeployment");

    let all: BTreeSet<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
    assert_eq!(
        called, all,
        "every operation of v1beta1 is called once through its method"
    );

    // What went over the wire: the token (the journal redacts it), our user agent, no
    // x-api-version (v1beta1 has none).
    let journal = emu.journal().await;
    assert_eq!(journal.len(), 20);
    for entry in &journal {
        assert_eq!(
            entry["headers"]["authorization"], "Bearer [redacted]",
            "{entry}"
        );
        let agent = entry["headers"]["user-agent"].as_str().unwrap();
        assert!(agent.starts_with("astro-platform-client/"), "{agent}");
        assert!(entry["headers"].get("x-api-version").is_none(), "{entry}");
    }
}

#[tokio::test]
async fn send_runs_any_input_of_the_version() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let input = ListWorkspacesInput {
        limit: Some(2),
        sorts: Some(vec![Sort::NameAsc]),
        ..Default::default()
    };
    let page = astro.send(&input).await.unwrap();
    assert_eq!(page.limit, 2);
    let names: Vec<&str> = page.workspaces.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["Analytics", "Data Engineering"]);
    let journal = emu.journal().await;
    assert_eq!(journal[0]["query"], "limit=2&sorts=name:asc");
}

#[tokio::test]
async fn an_invalid_input_is_refused_before_anything_is_sent() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let err = astro
        .create_workspace(CreateWorkspaceInput {
            organization_id: Some("..".into()),
            body: CreateWorkspaceRequest {
                name: "x".repeat(51),
                description: None,
                cicd_enforced_default: None,
            },
        })
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("expected a validation error, got {err:?}")
    };
    assert_eq!(v.operation, Some("createWorkspace"));
    let found: Vec<(&str, Rule)> = v.issues.iter().map(|i| (i.path.as_str(), i.rule)).collect();
    assert!(
        found.contains(&("organizationId", Rule::PathSegment)),
        "{found:?}"
    );
    assert!(found.contains(&("name", Rule::MaxLength)), "{found:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("invalid input for createWorkspace (2 issues)"),
        "{text}"
    );
    assert!(emu.journal().await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_organization_scoped_call_needs_an_organization() {
    let emu = emulator(300).await;
    let astro = v1beta1::Client::builder()
        .base_url(emu.v1beta1_url())
        .token(TOKEN)
        .build()
        .unwrap();
    let err = astro
        .list_workspaces(ListWorkspacesInput::default())
        .await
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(v.issues[0].path, "organizationId");
    assert!(
        v.issues[0].message.contains("set a default organizationId"),
        "{}",
        v.issues[0].message
    );
    // With the organization in the input, it works.
    let page = astro
        .list_workspaces(ListWorkspacesInput {
            organization_id: Some(DEMO_ORG.into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total_count, 4);
}

#[tokio::test]
async fn an_api_error_keeps_status_message_and_request_id() {
    let emu = emulator(300).await;
    let astro = emu.v1beta1_client();
    let err = astro
        .get_deployment(GetDeploymentInput {
            organization_id: None,
            deployment_id: "clnope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.operation(), Some("getDeployment"));
    assert!(!err.is_transient());
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.attempts, 1, "a 404 is not retried");
    let request_id = api
        .request_id
        .clone()
        .expect("the emulator sends a requestId");
    assert!(api.body.contains(&request_id));
    let text = err.to_string();
    assert!(
        text.starts_with("getDeployment failed with HTTP 404: "),
        "{text}"
    );
    assert!(
        text.ends_with(&format!("(request id {request_id})")),
        "{text}"
    );
}

#[tokio::test]
async fn a_wrong_token_is_an_api_error_401() {
    let emu = emulator(300).await;
    let astro = emu
        .v1beta1_builder()
        .token("not-the-token")
        .build()
        .unwrap();
    let err = astro
        .list_organizations(ListOrganizationsInput::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(!err.to_string().contains("not-the-token"), "{err}");
}

#[tokio::test]
async fn the_token_stays_out_of_debug_output() {
    let secret = "s3cr3t-token-value";
    let builder = v1beta1::Client::builder()
        .token(secret)
        .organization_id(DEMO_ORG);
    assert!(!format!("{builder:?}").contains(secret));
    let astro = builder.build().unwrap();
    let shown = format!("{astro:?}");
    assert!(!shown.contains(secret), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    assert_eq!(format!("{:?}", Secret::new(secret)), "Secret([redacted])");
    // Extra headers show by name only.
    let with_header = v1beta1::Client::builder()
        .header("x-custom-auth", secret)
        .build()
        .unwrap();
    let shown = format!("{with_header:?}");
    assert!(
        shown.contains("x-custom-auth") && !shown.contains(secret),
        "{shown}"
    );
}

#[test]
fn the_builder_reports_every_problem_at_once() {
    let err = v1beta1::Client::builder()
        .base_url("http://api.example.com/platform/v1beta1")
        .token(" ")
        .organization_id("")
        .timeout(std::time::Duration::ZERO)
        .max_retries(11)
        .max_response_bytes(0)
        .header("bad header", "x")
        .api_version("1.0 beta")
        .build()
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    let paths: Vec<&str> = v.issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "token",
            "organization_id",
            "timeout",
            "max_retries",
            "max_response_bytes",
            "api_version",
            "headers.bad header"
        ]
    );
    // A token over plain http to a host that is not loopback is refused.
    let err = v1beta1::Client::builder()
        .base_url("http://api.example.com/platform/v1beta1")
        .token(TOKEN)
        .build()
        .unwrap_err();
    let Error::Validation(v) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (v.issues[0].path.as_str(), v.issues[0].rule),
        ("base_url", Rule::InsecureTransport)
    );
    assert!(!err.to_string().contains(TOKEN));
    for bad in [
        "not a url",
        "ftp://example.com",
        "https://x.example/?q=1",
        "https://u:p@x.example",
    ] {
        let err = v1beta1::Client::builder()
            .base_url(bad)
            .build()
            .unwrap_err();
        assert!(
            matches!(&err, Error::Validation(v) if v.issues[0].path == "base_url"),
            "{bad}: {err}"
        );
    }
    // Loopback over http, and https anywhere, are fine.
    for good in [
        "http://127.0.0.1:8788/platform/v1beta1/",
        "http://localhost:1",
        "http://[::1]:2",
        "https://api.example.com",
    ] {
        let astro = v1beta1::Client::builder()
            .base_url(good)
            .token(TOKEN)
            .build()
            .unwrap();
        assert!(!astro.base_url().ends_with('/'), "{good}");
    }
}

#[test]
fn the_default_base_url_is_the_versions_production_url() {
    let astro = v1beta1::Client::builder().build().unwrap();
    assert_eq!(
        astro.base_url(),
        "https://api.astronomer.io/platform/v1beta1"
    );
    let astro = astro_platform_client::client::v1::Client::builder()
        .build()
        .unwrap();
    assert_eq!(astro.base_url(), "https://api.astronomer.io/v1");
}

#[test]
fn the_client_and_its_futures_are_send_and_sync() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let astro = v1beta1::Client::builder().build().unwrap();
    send_sync(&astro);
    let call = astro.list_workspaces(ListWorkspacesInput::default());
    send(&call);
    let pages = astro.paginate(ListWorkspacesInput::default());
    send(&pages);
    let wait = astro.wait_for_deployment(
        GetDeploymentInput {
            organization_id: None,
            deployment_id: "x".into(),
        },
        astro_platform_client::client::WaitOptions::new(),
    );
    send(&wait);
}
