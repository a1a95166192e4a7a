//! Webhook signatures: HMAC-SHA256 over `<timestamp>.<raw body>`, checked in constant time
//! with a timestamp tolerance against replays and several secrets for rotation.
//!
//! The header (default [`DEFAULT_HEADER`], `Pactum-Signature`; a contract may name another
//! with the root extension `x-pactum-signature-header`, [`HEADER_EXTENSION`], which the
//! generated receiver and sender both use) carries
//!
//! ```text
//! Pactum-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">[,v1=<hex>…]
//! ```
//!
//! A sender rotating secrets adds one `v1` per secret; a receiver accepts the delivery when
//! any `v1` matches any of its secrets and `t` is within the tolerance (default 5 minutes).
//!
//! A receiver of GitHub's deliveries verifies GitHub's scheme instead
//! ([`Scheme::GitHub`]: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`, no
//! timestamp, so no replay window; de-duplicate on the `X-GitHub-Delivery` id):
//!
//! ```
//! use pactum::webhook::{Scheme, Verifier};
//! let verifier = Verifier::new("It's a Secret to Everybody").with_scheme(Scheme::GitHub);
//! assert_eq!(verifier.header(), "X-Hub-Signature-256");
//! let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
//! assert!(verifier.verify(Some(sig), b"Hello, World!").is_ok());
//! ```
//!
//! ```
//! use pactum::webhook::{sign, Verifier};
//! let body = br#"{"id":"1"}"#;
//! let header = sign(b"whsec_new", 1_700_000_000, body);
//! let verifier = Verifier::new(b"whsec_old").with_secret(b"whsec_new");
//! let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_060);
//! assert!(verifier.verify_at(Some(&header), body, at).is_ok());
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The signature header when the contract names none.
pub const DEFAULT_HEADER: &str = "Pactum-Signature";

/// The default tolerance between the signature's timestamp and the receiver's clock.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// The contract extension (on the document root) that names the signature header.
pub const HEADER_EXTENSION: &str = "x-pactum-signature-header";

/// The event-id header when the contract names none: senders put one id per delivery in it
/// (the same on every retry), receivers hand it to handlers to de-duplicate.
pub const DEFAULT_EVENT_ID_HEADER: &str = "Pactum-Event-Id";

/// The contract extension (on the document root) that names the event-id header.
pub const EVENT_ID_EXTENSION: &str = "x-pactum-event-id-header";

/// How deliveries are signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// pactum's (and Stripe's) scheme: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
    /// with a timestamp tolerance against replays. What generated senders produce.
    #[default]
    Pactum,
    /// GitHub's: `sha256=<hex HMAC-SHA256 of the body>` in `X-Hub-Signature-256`. There is no
    /// timestamp (no replay window): de-duplicate deliveries on their `X-GitHub-Delivery` id.
    GitHub,
}

impl Scheme {
    /// The header this scheme's senders use.
    pub fn default_header(self) -> &'static str {
        match self {
            Scheme::Pactum => DEFAULT_HEADER,
            Scheme::GitHub => "X-Hub-Signature-256",
        }
    }
}

/// HMAC-SHA256 of the concatenation of `parts` under `secret`.
fn hmac(secret: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail
    let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    for part in parts {
        m.update(part);
    }
    m.finalize().into_bytes().into()
}

fn body_mac(secret: &[u8], body: &[u8]) -> [u8; 32] {
    hmac(secret, &[body])
}

fn mac(secret: &[u8], timestamp: u64, body: &[u8]) -> [u8; 32] {
    hmac(secret, &[timestamp.to_string().as_bytes(), b".", body])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The header value for `body` sent at `timestamp` (unix seconds), signed with `secret`.
pub fn sign(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    format!("t={timestamp},v1={}", hex(&mac(secret, timestamp, body)))
}

/// The header value signed with every secret (during a rotation).
pub fn sign_all(secrets: &[&[u8]], timestamp: u64, body: &[u8]) -> String {
    let mut out = format!("t={timestamp}");
    for s in secrets {
        out.push_str(",v1=");
        out.push_str(&hex(&mac(s, timestamp, body)));
    }
    out
}

/// The header value for `body` signed now.
pub fn sign_now(secret: &[u8], body: &[u8]) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    sign(secret, now, body)
}

/// Why a delivery is refused (each is answered with 401).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// No signature header.
    Missing,
    /// The header is not `t=<unix>,v1=<hex>…` (or, for [`Scheme::GitHub`], `sha256=<hex>`).
    Malformed,
    /// The timestamp is further than the tolerance from now (a replay, or a skewed clock).
    Stale {
        /// The signed timestamp.
        timestamp: u64,
        /// The receiver's clock.
        now: u64,
    },
    /// No `v1` matches any secret.
    BadSignature,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VerifyError::Missing => f.write_str("the delivery is not signed"),
            VerifyError::Malformed => f.write_str("the signature header is malformed"),
            VerifyError::Stale { timestamp, now } => write!(
                f,
                "the signature's timestamp {timestamp} is too far from now ({now})"
            ),
            VerifyError::BadSignature => f.write_str("no signature matches"),
        }
    }
}

impl std::error::Error for VerifyError {}

/// Checks signatures of incoming deliveries.
#[derive(Clone)]
pub struct Verifier {
    secrets: Vec<Vec<u8>>,
    tolerance: Duration,
    header: String,
    scheme: Scheme,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secrets", &self.secrets.len())
            .field("tolerance", &self.tolerance)
            .field("header", &self.header)
            .field("scheme", &self.scheme)
            .finish()
    }
}

impl Verifier {
    /// A verifier with one secret, the default header and tolerance.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Verifier {
            secrets: vec![secret.as_ref().to_vec()],
            tolerance: DEFAULT_TOLERANCE,
            header: DEFAULT_HEADER.to_owned(),
            scheme: Scheme::Pactum,
        }
    }

    /// Verifies `scheme`'s signatures, read from its default header (call
    /// [`with_header`](Self::with_header) afterwards for another one).
    pub fn with_scheme(mut self, scheme: Scheme) -> Self {
        self.scheme = scheme;
        self.header = scheme.default_header().to_owned();
        self
    }

    /// Also accepts signatures made with `secret` (rotation: old and new both valid).
    pub fn with_secret(mut self, secret: impl AsRef<[u8]>) -> Self {
        self.secrets.push(secret.as_ref().to_vec());
        self
    }

    /// The largest accepted distance between the signed timestamp and now.
    pub fn with_tolerance(mut self, tolerance: Duration) -> Self {
        self.tolerance = tolerance;
        self
    }

    /// The header carrying the signature (from `x-pactum-signature-header`).
    pub fn with_header(mut self, header: impl Into<String>) -> Self {
        self.header = header.into();
        self
    }

    /// The header a contract names for pactum-scheme signatures (`x-pactum-signature-header`,
    /// or its default): applied when this verifier checks [`Scheme::Pactum`]; a verifier of
    /// another scheme keeps its own header. Generated receivers call this.
    pub fn with_contract_header(self, header: &str) -> Self {
        match self.scheme {
            Scheme::Pactum => self.with_header(header),
            _ => self,
        }
    }

    /// The scheme it verifies.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The header carrying the signature.
    pub fn header(&self) -> &str {
        &self.header
    }

    /// Verifies `header` (the signature header's value, `None` when absent) for the raw
    /// `body`, now. Returns the signed timestamp (0 for schemes without one).
    pub fn verify(&self, header: Option<&str>, body: &[u8]) -> Result<u64, VerifyError> {
        self.verify_at(header, body, SystemTime::now())
    }

    /// Like [`verify`](Self::verify) with the receiver's clock at `now`.
    pub fn verify_at(
        &self,
        header: Option<&str>,
        body: &[u8],
        now: SystemTime,
    ) -> Result<u64, VerifyError> {
        let header = header.ok_or(VerifyError::Missing)?;
        if self.scheme == Scheme::GitHub {
            return self.verify_github(header, body);
        }
        let mut timestamp = None;
        let mut signatures = Vec::new();
        for item in header.split(',') {
            let (k, v) = item.trim().split_once('=').ok_or(VerifyError::Malformed)?;
            match k {
                "t" => timestamp = Some(v.parse::<u64>().map_err(|_| VerifyError::Malformed)?),
                "v1" => signatures.push(unhex(v).ok_or(VerifyError::Malformed)?),
                // other schemes (v0, future versions) are ignored
                _ => {}
            }
        }
        let timestamp = timestamp.ok_or(VerifyError::Malformed)?;
        if signatures.is_empty() {
            return Err(VerifyError::Malformed);
        }
        let now_secs = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        if now_secs.abs_diff(timestamp) > self.tolerance.as_secs() {
            return Err(VerifyError::Stale {
                timestamp,
                now: now_secs,
            });
        }
        let mut ok = subtle::Choice::from(0u8);
        for secret in &self.secrets {
            let expected = mac(secret, timestamp, body);
            for s in &signatures {
                // lengths are public; the comparison of equal-length values is constant-time
                if s.len() == expected.len() {
                    ok |= s.as_slice().ct_eq(&expected);
                }
            }
        }
        if bool::from(ok) {
            Ok(timestamp)
        } else {
            Err(VerifyError::BadSignature)
        }
    }
}

impl Verifier {
    fn verify_github(&self, header: &str, body: &[u8]) -> Result<u64, VerifyError> {
        let signature = header
            .trim()
            .strip_prefix("sha256=")
            .and_then(unhex)
            .ok_or(VerifyError::Malformed)?;
        let mut ok = subtle::Choice::from(0u8);
        for secret in &self.secrets {
            let expected = body_mac(secret, body);
            if signature.len() == expected.len() {
                ok |= signature.as_slice().ct_eq(&expected);
            }
        }
        if bool::from(ok) {
            Ok(0)
        } else {
            Err(VerifyError::BadSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_scheme() {
        // The example of GitHub's "Validating webhook deliveries" page, checked with
        // `echo -n "Hello, World!" | openssl dgst -sha256 -hmac "It's a Secret to Everybody"`.
        let sig = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let v = Verifier::new("old").with_secret("It's a Secret to Everybody");
        let v = v.with_scheme(Scheme::GitHub);
        assert_eq!(v.header(), "X-Hub-Signature-256");
        assert_eq!(v.verify(Some(sig), b"Hello, World!"), Ok(0));
        assert_eq!(
            v.verify(Some(sig), b"Hello, World?"),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(v.verify(None, b"x"), Err(VerifyError::Missing));
        for bad in ["", "sha1=00", "sha256=zz", "t=1,v1=00"] {
            assert_eq!(
                v.verify(Some(bad), b"x"),
                Err(VerifyError::Malformed),
                "{bad}"
            );
        }
        // A pactum-scheme verifier does not take GitHub's header value.
        assert_eq!(
            Verifier::new("It's a Secret to Everybody").verify(Some(sig), b"Hello, World!"),
            Err(VerifyError::Malformed)
        );
    }

    const T: u64 = 1_700_000_000;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn known_vector() {
        // HMAC-SHA256(key = "secret", "1700000000.{}"), computed with `openssl dgst -sha256 -hmac secret`
        assert_eq!(
            sign(b"secret", T, b"{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
    }

    #[test]
    fn accepts_a_fresh_signature() {
        let v = Verifier::new("s1");
        let h = sign(b"s1", T, b"body");
        assert_eq!(v.verify_at(Some(&h), b"body", at(T + 10)), Ok(T));
        assert_eq!(v.verify_at(Some(&h), b"body", at(T - 10)), Ok(T));
    }

    #[test]
    fn refuses_missing_malformed_bad_and_stale() {
        let v = Verifier::new("s1");
        let h = sign(b"s1", T, b"body");
        assert_eq!(v.verify_at(None, b"body", at(T)), Err(VerifyError::Missing));
        for bad in ["", "t=1", "v1=00", "t=x,v1=00", "t=1,v1=zz", "garbage"] {
            assert_eq!(
                v.verify_at(Some(bad), b"body", at(T)),
                Err(VerifyError::Malformed),
                "{bad}"
            );
        }
        assert_eq!(
            v.verify_at(Some(&h), b"tampered", at(T)),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            Verifier::new("other").verify_at(Some(&h), b"body", at(T)),
            Err(VerifyError::BadSignature)
        );
        assert_eq!(
            v.verify_at(Some(&h), b"body", at(T + 301)),
            Err(VerifyError::Stale {
                timestamp: T,
                now: T + 301
            })
        );
        assert!(v
            .clone()
            .with_tolerance(Duration::from_secs(600))
            .verify_at(Some(&h), b"body", at(T + 301))
            .is_ok());
        // a signature for another timestamp does not verify under this one
        let other_t = sign(b"s1", T + 1, b"body").replace("t=1700000001", "t=1700000000");
        assert_eq!(
            v.verify_at(Some(&other_t), b"body", at(T)),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn rotation_on_both_sides() {
        let receiver = Verifier::new("old").with_secret("new");
        let by_old = sign(b"old", T, b"b");
        let by_new = sign(b"new", T, b"b");
        assert!(receiver.verify_at(Some(&by_old), b"b", at(T)).is_ok());
        assert!(receiver.verify_at(Some(&by_new), b"b", at(T)).is_ok());
        let both = sign_all(&[b"unknown", b"new"], T, b"b");
        assert!(Verifier::new("new")
            .verify_at(Some(&both), b"b", at(T))
            .is_ok());
        assert_eq!(
            Verifier::new("none").verify_at(Some(&both), b"b", at(T)),
            Err(VerifyError::BadSignature)
        );
    }

    #[test]
    fn header_name_is_configurable() {
        let v = Verifier::new("s");
        assert_eq!(v.header(), DEFAULT_HEADER);
        assert_eq!(v.with_header("X-Sig").header(), "X-Sig");
    }
}
