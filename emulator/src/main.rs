use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env_tokens = std::env::var("ASTRO_EMULATOR_TOKENS").ok();
    let config = match astro_emulator::config::parse_args(&args, env_tokens.as_deref()) {
        Ok(Some(c)) => c,
        Ok(None) => {
            print!("{}", astro_emulator::config::USAGE);
            return;
        }
        Err(e) => {
            eprintln!("astro-emulator: {e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("astro-emulator: cannot start the async runtime: {e}");
            std::process::exit(1);
        }
    };
    let code = runtime.block_on(async move {
        let tokens = config.tokens.clone();
        let data = config.data.clone();
        let server = match astro_emulator::start(config).await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("astro-emulator: {e}");
                return 1;
            }
        };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "astro-emulator listening on {}", server.base_url());
        for t in &tokens {
            match &t.organization_id {
                Some(org) => {
                    let _ = writeln!(out, "token: {} (organization {org} only)", t.token);
                }
                None => {
                    let _ = writeln!(out, "token: {}", t.token);
                }
            }
        }
        let _ = writeln!(out, "api: {}", server.api_url());
        let _ = writeln!(out, "v1: {}", server.v1_url());
        if let Some(d) = data {
            let _ = writeln!(out, "data: {}", d.display());
        }
        let _ = out.flush();
        drop(out);
        wait_for_signal().await;
        server.shutdown().await;
        0
    });
    std::process::exit(code);
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
