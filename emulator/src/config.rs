//! Command-line flags (see the emulator contract in the README).

use std::path::PathBuf;

/// One accepted bearer token, optionally scoped to one organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpec {
    pub token: String,
    pub organization_id: Option<String>,
}

impl TokenSpec {
    /// Parses `TOKEN` or `TOKEN@ORG_ID`.
    pub fn parse(text: &str) -> Result<TokenSpec, String> {
        let text = text.trim();
        let (token, org) = match text.rsplit_once('@') {
            Some((t, o)) => (t, Some(o.to_string())),
            None => (text, None),
        };
        if token.is_empty() {
            return Err(format!("token '{text}' is empty"));
        }
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("a token must be visible ASCII without spaces".to_string());
        }
        if org.as_deref() == Some("") {
            return Err(format!("token '{token}@' names no organization id"));
        }
        Ok(TokenSpec {
            token: token.to_string(),
            organization_id: org,
        })
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub tokens: Vec<TokenSpec>,
    pub data: Option<PathBuf>,
    pub lifecycle_ms: u64,
    /// How long one API day lasts on the emulator's compressed clock, in real milliseconds
    /// (token expiry, hibernation overrides).
    pub day_ms: u64,
    pub www: Option<PathBuf>,
    pub pkg: Option<PathBuf>,
    pub fault: Option<String>,
    pub max_body_bytes: usize,
}

pub const DEFAULT_TOKEN: &str = "astro-demo-token";

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_string(),
            port: 8788,
            tokens: vec![TokenSpec {
                token: DEFAULT_TOKEN.to_string(),
                organization_id: None,
            }],
            data: None,
            lifecycle_ms: 10_000,
            day_ms: 60_000,
            www: None,
            pkg: None,
            fault: None,
            max_body_bytes: 1024 * 1024,
        }
    }
}

pub const USAGE: &str = "\
astro-emulator: a local stand-in of the Astro API v1 (/v1) and v1beta1 (/platform/v1beta1)

USAGE: astro-emulator [FLAGS]

  --host HOST              address to listen on (default 127.0.0.1)
  --port PORT              port (default 8788; 0 = ephemeral)
  --token TOKEN[@ORG_ID]   accepted bearer token, repeatable; with @ORG_ID the token only
                           reaches that organization (others answer 403).
                           Env ASTRO_EMULATOR_TOKENS (comma-separated) is used when no --token
                           is given; default: one token 'astro-demo-token' for all organizations
  --data FILE              keep the state in FILE (JSON, written atomically) across restarts
  --lifecycle-seconds N    time for CREATING -> HEALTHY / CREATED (default 10; may be fractional)
  --day-seconds N          real seconds one API day lasts (token expiry, hibernation
                           overrides; default 60, may be fractional)
  --www DIR                serve static files from DIR at /
  --pkg DIR                serve the npm package folder DIR at /pkg/
  --fault SPEC             fault applied to every API request (same syntax as x-emulator-fault)
  --max-body-bytes N       largest accepted request body (default 1048576); larger -> 413
  --help                   print this help
";

/// Parses the flags (without the program name). `env_tokens` is ASTRO_EMULATOR_TOKENS.
pub fn parse_args(args: &[String], env_tokens: Option<&str>) -> Result<Option<Config>, String> {
    let mut cfg = Config::default();
    let mut tokens: Vec<TokenSpec> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let raw = args.get(i).cloned().unwrap_or_default();
        i += 1;
        if raw == "--help" || raw == "-h" {
            return Ok(None);
        }
        let (flag, inline) = match raw.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (raw.clone(), None),
        };
        let mut value = || -> Result<String, String> {
            if let Some(v) = inline.clone() {
                return Ok(v);
            }
            let v = args
                .get(i)
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))?;
            i += 1;
            Ok(v)
        };
        match flag.as_str() {
            "--host" => cfg.host = value()?,
            "--port" => {
                let v = value()?;
                cfg.port = v
                    .parse()
                    .map_err(|_| format!("--port: '{v}' is not a port number (0..65535)"))?;
            }
            "--token" => tokens.push(TokenSpec::parse(&value()?)?),
            "--data" => cfg.data = Some(PathBuf::from(value()?)),
            "--lifecycle-seconds" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .map_err(|_| format!("--lifecycle-seconds: '{v}' is not a number"))?;
                if !(0.0..=86_400.0).contains(&secs) {
                    return Err(format!("--lifecycle-seconds: {v} is outside 0..86400"));
                }
                cfg.lifecycle_ms = (secs * 1000.0).round() as u64;
            }
            "--day-seconds" => {
                let v = value()?;
                let secs: f64 = v
                    .parse()
                    .map_err(|_| format!("--day-seconds: '{v}' is not a number"))?;
                if !(0.001..=86_400.0).contains(&secs) {
                    return Err(format!("--day-seconds: {v} is outside 0.001..86400"));
                }
                cfg.day_ms = (secs * 1000.0).round() as u64;
            }
            "--www" => cfg.www = Some(PathBuf::from(value()?)),
            "--pkg" => cfg.pkg = Some(PathBuf::from(value()?)),
            "--fault" => {
                let v = value()?;
                crate::fault::FaultSpec::parse(&v).map_err(|e| format!("--fault: {e}"))?;
                cfg.fault = Some(v);
            }
            "--max-body-bytes" => {
                let v = value()?;
                cfg.max_body_bytes = v
                    .parse()
                    .map_err(|_| format!("--max-body-bytes: '{v}' is not a byte count"))?;
            }
            other => return Err(format!("unknown flag '{other}' (see --help)")),
        }
    }
    if tokens.is_empty() {
        if let Some(env) = env_tokens {
            for part in env.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                tokens.push(
                    TokenSpec::parse(part).map_err(|e| format!("ASTRO_EMULATOR_TOKENS: {e}"))?,
                );
            }
        }
    }
    if !tokens.is_empty() {
        cfg.tokens = tokens;
    }
    Ok(Some(cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let cfg = parse_args(&[], None).ok().flatten().unwrap_or_default();
        assert_eq!(cfg.port, 8788);
        assert_eq!(
            cfg.tokens,
            vec![TokenSpec {
                token: DEFAULT_TOKEN.into(),
                organization_id: None
            }]
        );
        let cfg = parse_args(
            &args(&[
                "--port",
                "0",
                "--token",
                "a",
                "--token=b@org1",
                "--lifecycle-seconds",
                "0.5",
            ]),
            Some("ignored"),
        );
        let cfg = cfg.ok().flatten();
        assert!(cfg.is_some());
        if let Some(cfg) = cfg {
            assert_eq!(cfg.port, 0);
            assert_eq!(cfg.lifecycle_ms, 500);
            assert_eq!(cfg.tokens.len(), 2);
            assert_eq!(
                cfg.tokens.get(1).and_then(|t| t.organization_id.clone()),
                Some("org1".into())
            );
        }
    }

    #[test]
    fn env_tokens_and_errors() {
        let cfg = parse_args(&[], Some("x, y@o")).ok().flatten();
        assert_eq!(cfg.map(|c| c.tokens.len()), Some(2));
        assert!(parse_args(&args(&["--bogus"]), None).is_err());
        assert!(parse_args(&args(&["--port"]), None).is_err());
        assert!(parse_args(&args(&["--fault", "nonsense=1"]), None).is_err());
        assert!(matches!(parse_args(&args(&["--help"]), None), Ok(None)));
    }
}
