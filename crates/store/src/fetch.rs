//! Fetching a signer's well-known file (FORMAT.md §14.7, §14.12, §14.14): untrusted input from
//! the network, read under fixed limits. https only, to port 443 of the signer's website host; a
//! redirect only to the same host, over https, at most 5; no more than 64 KiB read (a larger
//! file is refused, never parsed); 10 s for the whole exchange; and a host that resolves only to
//! a private, loopback or link-local address is refused (a website would otherwise make the
//! lead's computer reach its own network). Every failure is a [`FetchFailure`] with its reason,
//! never a panic. What a site answered (any status, any body within the cap) is a [`Fetched`]:
//! whether it lists the key is the verifier's to say (`tier::website_finding`).
//!
//! Tests (and only they) give the fetcher their own certificate authority and fixed addresses,
//! the way curl's `--cacert` and `--resolve` do ([`FetchSetup`]); the command line and the app
//! take them from `UNDERSIGNED_FETCH_CA_FILE` and `UNDERSIGNED_FETCH_RESOLVE`
//! ([`FetchSetup::from_env`]) and say so on every use.

use serde::Serialize;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// The most a fetch reads of a body (§14.12).
pub const MAX_BODY: u64 = undersigned_core::well_known::MAX_BYTES as u64;
/// The whole exchange, redirects included (§14.14).
pub const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REDIRECTS: usize = 5;

/// Why a fetch got no answer to record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum FetchFailure {
    #[error("the name {0} was not found (DNS)")]
    Dns(String),
    #[error("{0} leads to a private or local address, which is never fetched")]
    PrivateAddress(String),
    #[error("could not connect to {0}")]
    Connect(String),
    #[error("the secure connection failed: {0}")]
    Tls(String),
    #[error("no answer within {0} seconds")]
    Timeout(u64),
    #[error("it redirects to another address ({0}); only a redirect within the same site over https is followed")]
    Redirect(String),
    #[error("the file is larger than 64 KiB")]
    TooLarge,
    #[error("{0}")]
    Other(String),
}

/// What a site answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    pub status: u16,
    pub body: Vec<u8>,
}

/// What the tests change: the authorities trusted, fixed addresses, the time allowed.
#[derive(Clone, Debug)]
pub struct FetchSetup {
    /// Certificate authorities (DER) trusted instead of the web's (Mozilla's, via webpki-roots).
    pub roots: Option<Vec<Vec<u8>>>,
    /// Addresses given for hosts, instead of DNS; these may be local.
    pub resolve: Vec<(String, SocketAddr)>,
    pub timeout: Duration,
}

impl Default for FetchSetup {
    fn default() -> Self {
        FetchSetup { roots: None, resolve: Vec::new(), timeout: TIMEOUT }
    }
}

impl FetchSetup {
    /// The setup for the command line and the app: the web's authorities and DNS, unless
    /// `UNDERSIGNED_FETCH_CA_FILE` (a PEM or DER certificate) or `UNDERSIGNED_FETCH_RESOLVE`
    /// (`host=ip:port,…`) are set, for tests; `warn` is told when they are.
    pub fn from_env(warn: &dyn Fn(&str)) -> Result<Self, String> {
        let mut setup = FetchSetup::default();
        if let Some(path) = std::env::var_os("UNDERSIGNED_FETCH_CA_FILE") {
            let bytes = std::fs::read(&path).map_err(|e| format!("UNDERSIGNED_FETCH_CA_FILE: {e}"))?;
            setup.roots = Some(vec![der_of(&bytes).ok_or("UNDERSIGNED_FETCH_CA_FILE holds no certificate")?]);
            warn("UNDERSIGNED_FETCH_CA_FILE is set: websites are trusted only if that authority signed them (a test setting)");
        }
        if let Ok(list) = std::env::var("UNDERSIGNED_FETCH_RESOLVE") {
            for item in list.split(',').filter(|s| !s.trim().is_empty()) {
                let (host, addr) = item.trim().split_once('=').ok_or("UNDERSIGNED_FETCH_RESOLVE: host=ip:port,…")?;
                let addr: SocketAddr =
                    addr.parse().map_err(|_| format!("UNDERSIGNED_FETCH_RESOLVE: {addr:?} is not ip:port"))?;
                setup.resolve.push((host.to_ascii_lowercase(), addr));
            }
            warn("UNDERSIGNED_FETCH_RESOLVE is set: some websites are reached at fixed addresses (a test setting)");
        }
        Ok(setup)
    }
}

/// The DER bytes of a certificate given in PEM (its first) or DER.
fn der_of(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok();
    match text.and_then(|t| t.split("-----BEGIN CERTIFICATE-----").nth(1)) {
        Some(rest) => {
            let b64: String = rest.split("-----END CERTIFICATE-----").next()?.split_whitespace().collect();
            undersigned_core::base64::decode(&b64)
        }
        None => (!bytes.is_empty()).then(|| bytes.to_vec()),
    }
}

/// Whether an address is one a website may have: not loopback, private, link-local, shared,
/// unspecified, broadcast or multicast (an IPv4-mapped IPv6 address as its IPv4 address).
pub fn public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// DNS with the private addresses left out, or the addresses the setup fixes.
#[derive(Debug)]
struct GuardedResolver {
    fixed: Vec<(String, SocketAddr)>,
}

/// A resolver's refusal, carried through ureq's error.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Refused(FetchFailure);

impl Resolver for GuardedResolver {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default().to_ascii_lowercase();
        let mut out = self.empty();
        if let Some((_, addr)) = self.fixed.iter().find(|(h, _)| *h == host) {
            out.push(*addr);
            return Ok(out);
        }
        let found = DefaultResolver::default().resolve(uri, config, timeout).map_err(|e| match e {
            ureq::Error::HostNotFound => ureq::Error::Other(Box::new(Refused(FetchFailure::Dns(host.clone())))),
            ureq::Error::Io(io) if io.kind() != std::io::ErrorKind::TimedOut => {
                ureq::Error::Other(Box::new(Refused(FetchFailure::Dns(host.clone()))))
            }
            e => e,
        })?;
        for addr in found.iter().filter(|a| public(a.ip())) {
            out.push(*addr);
        }
        if out.is_empty() {
            return Err(ureq::Error::Other(Box::new(Refused(FetchFailure::PrivateAddress(host)))));
        }
        Ok(out)
    }
}

/// Fetches well-known files; one serves any number of fetches, from any number of threads.
pub struct Fetcher {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Fetcher {
    pub fn new(setup: FetchSetup) -> Self {
        let roots = match &setup.roots {
            Some(ders) => ureq::tls::RootCerts::new_with_certs(
                &ders.iter().map(|d| ureq::tls::Certificate::from_der(d).to_owned()).collect::<Vec<_>>(),
            ),
            None => ureq::tls::RootCerts::WebPki,
        };
        let config = ureq::Agent::config_builder()
            .https_only(true)
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(setup.timeout))
            .user_agent("Undersigned (well-known file check)")
            .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
            .build();
        let agent =
            ureq::Agent::with_parts(config, DefaultConnector::default(), GuardedResolver { fixed: setup.resolve });
        Fetcher { agent, timeout: setup.timeout }
    }

    /// GET `https://host/.well-known/undersigned.json` (`host` the signer's website host, in
    /// ASCII), following redirects within the host.
    pub fn well_known(&self, host: &str) -> Result<Fetched, FetchFailure> {
        let mut path = undersigned_core::well_known::PATH.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let url = format!("https://{host}{path}");
            let mut response = self.agent.get(&url).call().map_err(|e| self.failure(e))?;
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("");
                path = same_host_path(host, location)
                    .ok_or_else(|| FetchFailure::Redirect(location.chars().take(200).collect()))?;
                continue;
            }
            let body = response.body_mut().with_config().limit(MAX_BODY).read_to_vec().map_err(|e| self.failure(e))?;
            return Ok(Fetched { status, body });
        }
        Err(FetchFailure::Redirect("too many redirects".into()))
    }

    fn failure(&self, e: ureq::Error) -> FetchFailure {
        match e {
            ureq::Error::Other(inner) => match inner.downcast::<Refused>() {
                Ok(r) => r.0,
                Err(other) => FetchFailure::Other(other.to_string()),
            },
            ureq::Error::HostNotFound => FetchFailure::Dns(String::new()),
            ureq::Error::Timeout(_) => FetchFailure::Timeout(self.timeout.as_secs()),
            ureq::Error::BodyExceedsLimit(_) => FetchFailure::TooLarge,
            ureq::Error::Tls(m) => FetchFailure::Tls(m.into()),
            ureq::Error::Rustls(r) => FetchFailure::Tls(r.to_string()),
            ureq::Error::ConnectionFailed => FetchFailure::Connect(String::new()),
            ureq::Error::RequireHttpsOnly(u) => FetchFailure::Redirect(u),
            ureq::Error::Io(io) => match io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(tls) => FetchFailure::Tls(tls.to_string()),
                None if io.kind() == std::io::ErrorKind::TimedOut => FetchFailure::Timeout(self.timeout.as_secs()),
                None => FetchFailure::Connect(io.to_string()),
            },
            e => FetchFailure::Other(e.to_string()),
        }
    }
}

/// What a website shows now against the lead's snapshot of it (§14.14): never part of a
/// verdict, shown beside the tier as "checked by this computer".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Recheck {
    /// The site serves the same bytes as the snapshot.
    StillThere,
    /// The site serves a file (status 200) other than the snapshot.
    Changed,
    /// The site serves no file now: another status, or no answer (why).
    Gone { status: Option<u16>, failure: Option<FetchFailure> },
}

impl Fetcher {
    /// Fetches `host`'s well-known file again and compares it with a snapshot whose body has
    /// SHA-256 `body_sha256` (hex).
    pub fn recheck(&self, host: &str, body_sha256: &str) -> Recheck {
        use sha2::{Digest, Sha256};
        match self.well_known(host) {
            Ok(f) if f.status == 200 && hex::encode(Sha256::digest(&f.body)) == body_sha256 => Recheck::StillThere,
            Ok(f) if f.status == 200 => Recheck::Changed,
            Ok(f) => Recheck::Gone { status: Some(f.status), failure: None },
            Err(e) => Recheck::Gone { status: None, failure: Some(e) },
        }
    }
}

/// The path a redirect's `Location` names when it stays on `host` over https: an absolute path,
/// or an https URL of the same host (any letter case, no port, no user).
fn same_host_path(host: &str, location: &str) -> Option<String> {
    if location.starts_with('/') && !location.starts_with("//") {
        return Some(location.to_owned());
    }
    let rest = location.strip_prefix("https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    if !authority.eq_ignore_ascii_case(host) {
        return None;
    }
    Some(if path.starts_with('/') { path.to_owned() } else { format!("/{path}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_are_fetched() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::",
        ] {
            assert!(!public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn redirects_stay_on_the_host() {
        let h = "greenrivers.example";
        assert_eq!(same_host_path(h, "/a/b.json").as_deref(), Some("/a/b.json"));
        assert_eq!(same_host_path(h, "https://GreenRivers.example/x").as_deref(), Some("/x"));
        assert_eq!(same_host_path(h, "https://greenrivers.example").as_deref(), Some("/"));
        for bad in [
            "//evil.example/x",
            "http://greenrivers.example/x",
            "https://evil.example/",
            "https://greenrivers.example.evil.example/",
            "https://greenrivers.example:8443/",
            "https://u@greenrivers.example/",
            "x.json",
            "",
        ] {
            assert_eq!(same_host_path(h, bad), None, "{bad}");
        }
    }

    #[test]
    fn certificates_in_pem_or_der() {
        let der = vec![0x30, 0x03, 0x02, 0x01, 0x01];
        let pem = format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            undersigned_core::base64::encode(&der)
        );
        assert_eq!(der_of(pem.as_bytes()), Some(der.clone()));
        assert_eq!(der_of(&der), Some(der));
        assert_eq!(der_of(b""), None);
    }
}
