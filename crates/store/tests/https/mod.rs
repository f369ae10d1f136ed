//! A real HTTPS server on 127.0.0.1 for the tests that fetch well-known files (issue 16): one
//! certificate authority made for the run, which only the tests trust, and one server
//! certificate for the hosts given; each (host, path) answers what the test set, or 404.
//! Shared by crates/store/tests/fetch.rs and the command line's tests (by `#[path]`).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What one (host, path) answers.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Option<Duration>,
}

impl Answer {
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Answer {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into(),
            delay: None,
        }
    }
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Answer { status, headers: Vec::new(), body: body.into(), delay: None }
    }
    pub fn redirect(location: &str) -> Self {
        Answer { status: 302, headers: vec![("location".into(), location.into())], body: Vec::new(), delay: None }
    }
    pub fn slow(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

type Routes = Arc<Mutex<HashMap<(String, String), Answer>>>;

pub struct Server {
    pub addr: SocketAddr,
    /// The authority's certificate, to trust (DER and PEM).
    pub ca_der: Vec<u8>,
    pub ca_pem: String,
    routes: Routes,
    /// How many requests it answered.
    pub served: Arc<Mutex<u64>>,
    /// (requests being answered now, the most at once).
    pub in_flight: Arc<Mutex<(u64, u64)>>,
}

impl Server {
    /// Starts a server whose certificate names `hosts` (and every `*.sites.test`).
    pub fn start(hosts: &[&str]) -> Server {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params.distinguished_name.push(rcgen::DnType::CommonName, "Undersigned tests only");
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).unwrap();
        let mut names: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
        names.push("*.sites.test".into());
        let leaf_key = rcgen::KeyPair::generate().unwrap();
        let leaf = rcgen::CertificateParams::new(names).unwrap().signed_by(&leaf_key, &ca).unwrap();
        // The process's provider: ring, the only one built (as the fetcher's).
        let config = rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(
                vec![leaf.der().clone()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(leaf_key.serialize_der().into()),
            )
            .unwrap();
        let config = Arc::new(config);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let routes: Routes = Default::default();
        let served: Arc<Mutex<u64>> = Default::default();
        let in_flight: Arc<Mutex<(u64, u64)>> = Default::default();
        let (r, s, f) = (routes.clone(), served.clone(), in_flight.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (config, routes, served, flight) = (config.clone(), r.clone(), s.clone(), f.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, config, routes, served, flight);
                });
            }
        });
        Server { addr, ca_der: ca.der().to_vec(), ca_pem: ca.pem(), routes, served, in_flight }
    }

    /// What `https://host{path}` answers from now on.
    pub fn set(&self, host: &str, path: &str, answer: Answer) {
        self.routes.lock().unwrap().insert((host.into(), path.into()), answer);
    }

    /// What `https://host/.well-known/undersigned.json` answers.
    pub fn well_known(&self, host: &str, answer: Answer) {
        self.set(host, "/.well-known/undersigned.json", answer);
    }
}

fn serve(
    tcp: std::net::TcpStream,
    config: Arc<rustls::ServerConfig>,
    routes: Routes,
    served: Arc<Mutex<u64>>,
    in_flight: Arc<Mutex<(u64, u64)>>,
) -> std::io::Result<()> {
    tcp.set_read_timeout(Some(Duration::from_secs(20)))?;
    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tls.read(&mut buf)?;
        if n == 0 || request.len() > 16 * 1024 {
            return Ok(());
        }
        request.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&request);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let host = tls.conn.server_name().unwrap_or_default().to_owned();
    let answer = routes.lock().unwrap().get(&(host, path)).cloned();
    let answer = answer.unwrap_or_else(|| Answer::status(404, "not found"));
    {
        let mut f = in_flight.lock().unwrap();
        f.0 += 1;
        f.1 = f.1.max(f.0);
    }
    if let Some(d) = answer.delay {
        std::thread::sleep(d);
    }
    in_flight.lock().unwrap().0 -= 1;
    let mut head =
        format!("HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n", answer.status, answer.body.len());
    for (k, v) in &answer.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    tls.write_all(head.as_bytes())?;
    tls.write_all(&answer.body)?;
    tls.flush()?;
    *served.lock().unwrap() += 1;
    tls.conn.send_close_notify();
    let _ = tls.flush();
    Ok(())
}
