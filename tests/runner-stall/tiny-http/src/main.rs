//! The HTTP server of wasm-bindgen-test-runner 0.2.130 is rouille 3.6.2 on tiny_http 0.12.0.
//! This opens CONNS keep-alive connections to such a server at once (as a browser does when a
//! module imports several modules), sends one GET on each and keeps every connection open, as a
//! browser keeps idle keep-alive sockets. It counts the requests that get no response within
//! 3 s. Usage: tinyrepro [ROUNDS] [CONNS] [STAGGER_MS]  (STAGGER_MS: connect one client every
//! STAGGER_MS instead of all at once: the control)
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::time::Duration;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).map(|a| a.parse().unwrap()).collect();
    let rounds = *args.first().unwrap_or(&20);
    let conns = *args.get(1).unwrap_or(&6);
    let stagger = *args.get(2).unwrap_or(&0) as u64;
    let mut stalled_rounds = 0;
    for round in 1..=rounds {
        // A fresh server per round, like one runner process per test run.
        let server = rouille::Server::new("127.0.0.1:0", |_req| rouille::Response::text("ok")).unwrap();
        let addr = server.server_addr();
        std::thread::spawn(move || server.run());
        let barrier = Arc::new(Barrier::new(conns));
        let handles: Vec<_> = (0..conns)
            .map(|i| {
                let barrier = barrier.clone();
                std::thread::spawn(move || {
                    barrier.wait();
                    std::thread::sleep(Duration::from_millis(stagger * i as u64));
                    let mut s = TcpStream::connect(addr).unwrap();
                    s.write_all(b"GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n").unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
                    let mut buf = [0u8; 256];
                    let answered = matches!(s.read(&mut buf), Ok(n) if n > 0);
                    (answered, s) // the connection stays open until every client is done
                })
            })
            .collect();
        let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let unanswered = results.iter().filter(|(ok, _)| !ok).count();
        if unanswered > 0 {
            stalled_rounds += 1;
        }
        println!("round {round}: {unanswered} of {conns} requests unanswered after 3 s");
        drop(results);
    }
    println!("summary: {stalled_rounds} of {rounds} rounds left a request unanswered");
}
