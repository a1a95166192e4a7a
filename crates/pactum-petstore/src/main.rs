//! `pactum-petstore --listen ADDR`: serves the example pet store (any bearer token works).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut listen = "127.0.0.1:8080".to_owned();
    let mut cors = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => match args.next() {
                Some(a) => listen = a,
                None => return usage("--listen needs an address"),
            },
            "--cors" => cors = true,
            "-h" | "--help" => {
                println!(
                    "usage: pactum-petstore [--listen ADDR] [--cors]   (default 127.0.0.1:8080)"
                );
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("pactum-petstore: cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(&listen).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("pactum-petstore: cannot listen on {listen}: {e}");
                return ExitCode::from(2);
            }
        };
        if let Ok(addr) = listener.local_addr() {
            println!("pactum-petstore listening on http://{addr}");
        }
        let app = if cors {
            pactum_petstore::app_with_cors()
        } else {
            pactum_petstore::app()
        };
        match pactum::__private::axum::serve(listener, app).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("pactum-petstore: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("pactum-petstore: {msg}\nusage: pactum-petstore [--listen ADDR] [--cors]");
    ExitCode::from(2)
}
