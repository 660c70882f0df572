//! Names: from the contract's camelCase and SCREAMING values to Rust and TypeScript names.

/// Splits a name into lowercase words: `isDagDeployEnabled` -> is dag deploy enabled,
/// `externalIPs` -> external ips, `k8sTags` -> k8s tags, `CREATE_FAILED` -> create failed,
/// `name:asc` -> name asc, `dag-processor` -> dag processor.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars.get(i.wrapping_sub(1)).copied().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            // A new word starts at an uppercase letter after a lowercase letter or digit, or at
            // the last capital of an acronym followed by a lowercase letter (`IPs` stays one).
            let after_lower = prev.is_ascii_lowercase() || prev.is_ascii_digit();
            // (`IPs` at the end of a name or before another capital is a plural acronym.)
            let plural = next == 's' && !chars.get(i + 2).is_some_and(|c| c.is_ascii_lowercase());
            let acronym_end = prev.is_ascii_uppercase() && next.is_ascii_lowercase() && !plural;
            if after_lower || acronym_end {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `listDeployments` -> `ListDeployments`; `CREATE_FAILED` -> `CreateFailed`; `A5` -> `A5`.
pub fn pascal(name: &str) -> String {
    if name.bytes().all(|b| b.is_ascii_alphanumeric())
        && name.bytes().any(|b| b.is_ascii_lowercase())
    {
        // Already camel or Pascal case: keep its capitals (`ClusterK8sTag`, `DeployGit`).
        let mut c = name.chars();
        return match c.next() {
            Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
            None => String::new(),
        };
    }
    words(name)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `isDagDeployEnabled` -> `is_dag_deploy_enabled`, a valid Rust identifier (`type` -> `r#type`).
pub fn snake(name: &str) -> String {
    let s = words(name).join("_");
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{s}")
    } else {
        s
    };
    if is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// `DeploymentStatus` -> `DEPLOYMENT_STATUS`.
pub fn screaming(name: &str) -> String {
    words(name).join("_").to_ascii_uppercase()
}

/// The camelCase wire name serde's `rename_all = "camelCase"` gives a snake_case field.
pub fn serde_camel(snake_name: &str) -> String {
    let s = snake_name.trim_start_matches("r#");
    let mut out = String::new();
    let mut upper = false;
    for (i, c) in s.chars().enumerate() {
        if c == '_' {
            upper = i > 0;
            continue;
        }
        if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// What a union body describes, for messages: `CreateDeploymentRequest` -> `deployment`.
pub fn union_label(name: &str) -> String {
    let mut n = name;
    for prefix in ["Create", "Update"] {
        n = n.strip_prefix(prefix).unwrap_or(n);
    }
    n = n.strip_suffix("Request").unwrap_or(n);
    words(n).join(" ")
}

fn is_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names() {
        assert_eq!(snake("isDagDeployEnabled"), "is_dag_deploy_enabled");
        assert_eq!(snake("externalIPs"), "external_ips");
        assert_eq!(snake("drExternalIPs"), "dr_external_ips");
        assert_eq!(
            snake("effectiveDRWorkloadIdentity"),
            "effective_dr_workload_identity"
        );
        assert_eq!(snake("k8sTags"), "k8s_tags");
        assert_eq!(snake("type"), "r#type");
        assert_eq!(pascal("CREATE_FAILED"), "CreateFailed");
        assert_eq!(pascal("name:asc"), "NameAsc");
        assert_eq!(pascal("dag-processor"), "DagProcessor");
        assert_eq!(pascal("A5"), "A5");
        assert_eq!(pascal("listDeployments"), "ListDeployments");
        assert_eq!(pascal("ClusterK8sTag"), "ClusterK8sTag");
        assert_eq!(screaming("ClusterK8sTag"), "CLUSTER_K8S_TAG");
        assert_eq!(screaming("DeploymentStatus"), "DEPLOYMENT_STATUS");
        assert_eq!(union_label("CreateDeploymentRequest"), "deployment");
        assert_eq!(serde_camel("external_ips"), "externalIps");
    }
}
