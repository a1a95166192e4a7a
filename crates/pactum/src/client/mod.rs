//! Plumbing for generated clients: a [`Client`] over `reqwest` with timeouts, retries
//! (exponential backoff with full jitter, `Retry-After`, idempotency keys) and a total time
//! budget; [`Request`]s built from typed parameters per `style`/`explode`; [`RawResponse`]s
//! decoded by generated code into the operation's response enum, or a typed [`Error`].

mod encode;
mod error;
mod retry;

use std::time::{Duration, Instant, SystemTime};

use base64::Engine as _;
pub use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

pub use encode::Style;
pub use error::Error;
pub use retry::{idempotent, retry_after, RetryPolicy};

pub use crate::multipart::{File, MultipartForm, Part, PartKind, PartSpec};

/// Settings of a [`Client`].
#[derive(Debug, Clone)]
pub struct Config {
    /// Time to open a connection. Default 10 s.
    pub connect_timeout: Duration,
    /// Time for one attempt, from sending to the last byte of the body. Default 30 s.
    pub request_timeout: Duration,
    /// Time for a whole call, retries and waits included. Default 120 s.
    pub max_elapsed: Duration,
    /// Retries.
    pub retry: RetryPolicy,
    /// Validate each request against the contract before sending it (default `true`).
    pub validate_requests: bool,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(120),
            retry: RetryPolicy::default(),
            validate_requests: true,
            user_agent: concat!("pactum/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyLocation {
    /// A header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// A security scheme an operation accepts (from `components.securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer {
        /// The scheme's name in the contract.
        name: &'static str,
    },
    /// `Authorization: Basic <base64 user:password>`.
    Basic {
        /// The scheme's name in the contract.
        name: &'static str,
    },
    /// An API key in a header, query parameter or cookie.
    ApiKey {
        /// The scheme's name in the contract.
        name: &'static str,
        /// Where it goes.
        location: KeyLocation,
        /// The header, parameter or cookie name.
        key: &'static str,
    },
}

impl Scheme {
    fn name(&self) -> &'static str {
        match self {
            Scheme::Bearer { name } | Scheme::Basic { name } | Scheme::ApiKey { name, .. } => name,
        }
    }
}

/// Credentials configured once on a client for one security scheme.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A bearer token.
    Bearer(String),
    /// A user name and password.
    Basic {
        /// The user name.
        user: String,
        /// The password.
        password: String,
    },
    /// An API key.
    ApiKey(String),
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never print secrets
        match self {
            Credentials::Bearer(_) => f.write_str("Bearer(***)"),
            Credentials::Basic { user, .. } => write!(f, "Basic({user}:***)"),
            Credentials::ApiKey(_) => f.write_str("ApiKey(***)"),
        }
    }
}

/// The runtime client that generated clients wrap: a `reqwest::Client`, a base URL,
/// credentials per security scheme, and the [`Config`].
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    config: Config,
    credentials: Vec<(String, Credentials)>,
}

impl Client {
    /// A client of the API at `base_url` (such as `https://api.example.com/v2`).
    pub fn new(base_url: &str, config: Config) -> Result<Client, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|e| Error::Config(e.to_string()))?;
        Client::with_http(http, base_url, config)
    }

    /// A client over a `reqwest::Client` you configured (proxies, TLS, …).
    pub fn with_http(
        http: reqwest::Client,
        base_url: &str,
        config: Config,
    ) -> Result<Client, Error> {
        let base = base_url.trim_end_matches('/').to_owned();
        reqwest::Url::parse(&base).map_err(|e| Error::Config(format!("base URL `{base}`: {e}")))?;
        Ok(Client {
            http,
            base,
            config,
            credentials: Vec::new(),
        })
    }

    /// A client without a base URL, for webhook senders: every request goes to the absolute
    /// URL given to [`send_to`](Self::send_to).
    pub fn without_base(config: Config) -> Result<Client, Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .user_agent(config.user_agent.clone())
            .build()
            .map_err(|e| Error::Config(e.to_string()))?;
        Ok(Client {
            http,
            base: String::new(),
            config,
            credentials: Vec::new(),
        })
    }

    /// Sets the credentials for the security scheme named `scheme` in the contract.
    pub fn set_credentials(&mut self, scheme: &str, credentials: Credentials) {
        self.credentials.retain(|(s, _)| s != scheme);
        self.credentials.push((scheme.to_owned(), credentials));
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The settings, to change.
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// Sends `request`, retrying per the policy, and returns the last answer.
    pub async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let url = format!("{}{}", self.base, request.path);
        self.send_url(&url, request).await
    }

    /// Sends `request` to `url` followed by the request's path (empty for a webhook
    /// delivery), ignoring the base URL; otherwise like [`send`](Self::send).
    pub async fn send_to(&self, url: &str, request: Request) -> Result<RawResponse, Error> {
        let url = format!("{url}{}", request.path);
        self.send_url(&url, request).await
    }

    async fn send_url(&self, url: &str, mut request: Request) -> Result<RawResponse, Error> {
        self.authorize(&mut request);
        let mut url = reqwest::Url::parse(url)
            .map_err(|e| Error::Config(format!("request URL `{url}`: {e}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        let mut headers = HeaderMap::new();
        for (name, value) in &request.headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| Error::Config(format!("header name `{name}`: {e}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|e| Error::Config(format!("header `{name}`: {e}")))?;
            headers.append(name, value);
        }
        if !request.cookies.is_empty() {
            let cookie = request
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            let value = HeaderValue::from_str(&cookie)
                .map_err(|e| Error::Config(format!("cookie: {e}")))?;
            headers.insert(reqwest::header::COOKIE, value);
        }
        if let Some(header) = request.idempotency_header {
            if !headers.contains_key(header) {
                let key = uuid::Uuid::new_v4().to_string();
                if let (Ok(n), Ok(v)) = (
                    HeaderName::from_bytes(header.as_bytes()),
                    HeaderValue::from_str(&key),
                ) {
                    headers.insert(n, v);
                }
            }
        }
        if let Some((media, _)) = &request.body {
            if let Ok(v) = HeaderValue::from_str(media) {
                headers.insert(reqwest::header::CONTENT_TYPE, v);
            }
        }
        let safe = idempotent(&request.method)
            || request.idempotency_header.is_some()
            || request.deduplicated;
        let policy = &self.config.retry;
        let start = Instant::now();
        let deadline = start + self.config.max_elapsed;
        let mut attempts = 0u32;
        // the last retryable answer: returned when the budget runs out before a better one
        let mut last: Option<RawResponse> = None;
        loop {
            attempts += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return match last {
                    Some(raw) => Ok(raw),
                    None => Err(Error::Timeout {
                        attempts: attempts - 1,
                        elapsed: start.elapsed(),
                    }),
                };
            }
            let mut builder = self
                .http
                .request(request.method.clone(), url.clone())
                .headers(headers.clone())
                .timeout(self.config.request_timeout.min(remaining));
            if let Some((header, secrets)) = &request.signing {
                // signed per attempt, so a retry late in the budget is not stale
                let body = request.body.as_ref().map(|(_, b)| &b[..]).unwrap_or(&[]);
                let keys: Vec<&[u8]> = secrets.0.iter().map(Vec::as_slice).collect();
                let value = crate::webhook::sign_all(&keys, unix_now(), body);
                builder = builder.header(header.as_str(), value);
            }
            if let Some((_, body)) = &request.body {
                builder = builder.body(body.clone());
            }
            let retries_left = attempts <= policy.max_retries;
            let failure = match builder.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let headers = response.headers().clone();
                    match response.bytes().await {
                        Ok(body) => {
                            let raw = RawResponse {
                                status,
                                headers,
                                body,
                            };
                            if !(safe && retries_left && policy.statuses.contains(&status)) {
                                return Ok(raw);
                            }
                            let asked = raw
                                .headers
                                .get(reqwest::header::RETRY_AFTER)
                                .and_then(|v| v.to_str().ok())
                                .and_then(|v| retry_after(v, SystemTime::now()));
                            let wait = match asked {
                                Some(d) if d > policy.max_retry_after => return Ok(raw),
                                Some(d) => d,
                                None => policy.backoff(attempts),
                            };
                            if Instant::now() + wait >= deadline {
                                return Ok(raw);
                            }
                            last = Some(raw);
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            let retry = retries_left && (safe || failure.is_connect());
            let wait = policy.backoff(attempts);
            if !retry || Instant::now() + wait >= deadline {
                if let (true, Some(raw)) = (failure.is_timeout(), last) {
                    // the budget ran out during a retry: the earlier answer stands
                    return Ok(raw);
                }
                return Err(if failure.is_timeout() {
                    Error::Timeout {
                        attempts,
                        elapsed: start.elapsed(),
                    }
                } else {
                    Error::Transport {
                        attempts,
                        source: failure,
                    }
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Applies the first configured credentials among the operation's schemes.
    fn authorize(&self, request: &mut Request) {
        let found = request.schemes.iter().find_map(|s| {
            self.credentials
                .iter()
                .find(|(name, _)| name == s.name())
                .map(|(_, c)| (*s, c))
        });
        let Some((scheme, credentials)) = found else {
            return;
        };
        match (scheme, credentials) {
            (Scheme::Bearer { .. }, Credentials::Bearer(token)) => request
                .headers
                .push(("authorization".to_owned(), format!("Bearer {token}"))),
            (Scheme::Basic { .. }, Credentials::Basic { user, password }) => {
                let encoded =
                    base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                request
                    .headers
                    .push(("authorization".to_owned(), format!("Basic {encoded}")));
            }
            (Scheme::ApiKey { location, key, .. }, Credentials::ApiKey(value)) => {
                let pair = (key.to_owned(), value.clone());
                match location {
                    KeyLocation::Header => request.headers.push(pair),
                    KeyLocation::Query => request.query.push(pair),
                    KeyLocation::Cookie => request.cookies.push(pair),
                }
            }
            _ => {}
        }
    }
}

/// One request of an operation, built by generated code.
#[derive(Debug, Clone)]
pub struct Request {
    method: reqwest::Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    body: Option<(String, Bytes)>,
    schemes: &'static [Scheme],
    idempotency_header: Option<&'static str>,
    signing: Option<(String, Secrets)>,
    deduplicated: bool,
}

/// The secrets a webhook sender signs with (every one, during a rotation). `Debug` never
/// shows them.
#[derive(Clone, Default)]
pub struct Secrets(Vec<Vec<u8>>);

impl Secrets {
    /// One secret.
    pub fn new(secret: impl AsRef<[u8]>) -> Self {
        Secrets(vec![secret.as_ref().to_vec()])
    }

    /// Also signs with `secret` (each delivery then carries one `v1` per secret).
    pub fn push(&mut self, secret: impl AsRef<[u8]>) {
        self.0.push(secret.as_ref().to_vec());
    }

    /// How many secrets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No secret at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} × ***)", self.0.len())
    }
}

/// A new random event id (a UUID v4) for a webhook delivery.
pub fn new_event_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// One part of a typed multipart body.
fn encode_part(name: &str, spec: &PartSpec, value: Value) -> Result<Part, Error> {
    let declared = spec.content_type.map(str::to_owned);
    Ok(match spec.kind {
        PartKind::File => {
            let file: File = serde_json::from_value(value)
                .map_err(|e| Error::Config(format!("part `{name}` is not a file: {e}")))?;
            Part {
                name: name.to_owned(),
                file_name: Some(file.file_name.unwrap_or_else(|| name.to_owned())),
                content_type: Some(
                    file.content_type
                        .or(declared)
                        .unwrap_or_else(|| "application/octet-stream".to_owned()),
                ),
                data: file.data,
            }
        }
        PartKind::Json => Part {
            name: name.to_owned(),
            file_name: None,
            content_type: Some(declared.unwrap_or_else(|| "application/json".to_owned())),
            data: Bytes::from(
                serde_json::to_vec(&value)
                    .map_err(|e| Error::Config(format!("cannot serialize part `{name}`: {e}")))?,
            ),
        },
        PartKind::String | PartKind::Integer | PartKind::Number | PartKind::Boolean => Part {
            name: name.to_owned(),
            file_name: None,
            content_type: declared,
            data: Bytes::from(encode::text(&value)),
        },
    })
}

fn json_of<T: Serialize>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Config(format!("cannot serialize: {e}")))
}

impl Request {
    /// A request for `method` (upper case) at `template` (the contract's path, with `{name}`s).
    pub fn new(method: &'static str, template: &str) -> Request {
        Request {
            method: reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET),
            path: template.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            schemes: &[],
            idempotency_header: None,
            signing: None,
            deduplicated: false,
        }
    }

    /// A webhook delivery: signs the body with every secret in `header` (see
    /// [`crate::webhook::sign_all`]), afresh on each attempt.
    pub fn sign(&mut self, header: &str, secrets: &Secrets) {
        self.signing = Some((header.to_owned(), secrets.clone()));
    }

    /// A webhook delivery's event id, sent in `header` (the same on every retry). Receivers
    /// de-duplicate by it, so the delivery becomes retryable whatever its method.
    pub fn event_id(&mut self, header: &str, id: &str) {
        self.headers.push((header.to_owned(), id.to_owned()));
        self.deduplicated = true;
    }

    /// Replaces `{name}` in the path with the value, per `style`/`explode`, escaped.
    pub fn path<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), Error> {
        let text = encode::path(name, &json_of(value)?, style, explode);
        self.path = self.path.replace(&format!("{{{name}}}"), &text);
        Ok(())
    }

    /// Adds a query parameter, per `style`/`explode`.
    pub fn query<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Result<(), Error> {
        self.query
            .extend(encode::pairs(name, &json_of(value)?, style, explode));
        Ok(())
    }

    /// Adds a header parameter (`simple` style).
    pub fn header<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error> {
        let v = json_of(value)?;
        if !v.is_null() {
            self.headers
                .push((name.to_owned(), encode::header(&v, explode)));
        }
        Ok(())
    }

    /// Adds a cookie parameter (`form` style).
    pub fn cookie<T: Serialize>(
        &mut self,
        name: &str,
        value: &T,
        explode: bool,
    ) -> Result<(), Error> {
        self.cookies
            .extend(encode::pairs(name, &json_of(value)?, Style::Form, explode));
        Ok(())
    }

    /// A JSON body (`media` such as `application/json` or `application/merge-patch+json`).
    pub fn json<T: Serialize>(&mut self, media: &str, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::Config(format!("cannot serialize the body: {e}")))?;
        self.body = Some((media.to_owned(), Bytes::from(bytes)));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body from the value's JSON form (every array
    /// exploded: `tags=a&tags=b`).
    pub fn form<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        self.form_with(body, &[])
    }

    /// An `application/x-www-form-urlencoded` body from the value's JSON form; the
    /// properties in `unexploded` (`encoding.<name>.explode: false`) are sent as one
    /// comma-separated field (`tags=a,b`), the others exploded. Absent and `null` properties
    /// are left out.
    pub fn form_with<T: Serialize>(&mut self, body: &T, unexploded: &[&str]) -> Result<(), Error> {
        let mut fields: Vec<String> = Vec::new();
        if let Value::Object(o) = json_of(body)? {
            for (k, v) in &o {
                match v {
                    Value::Null => {}
                    // the commas between items stay literal; commas inside items are escaped
                    Value::Array(items) if unexploded.contains(&k.as_str()) => {
                        let items: Vec<String> = items
                            .iter()
                            .map(|item| encode::form_component(&encode::text(item)))
                            .collect();
                        fields.push(format!("{}={}", encode::form_component(k), items.join(",")));
                    }
                    _ => {
                        for (k, v) in encode::pairs(k, v, Style::Form, true) {
                            fields.push(format!(
                                "{}={}",
                                encode::form_component(&k),
                                encode::form_component(&v)
                            ));
                        }
                    }
                }
            }
        }
        let text = fields.join("&");
        self.body = Some((
            "application/x-www-form-urlencoded".to_owned(),
            Bytes::from(text),
        ));
        Ok(())
    }

    /// A body that is already bytes (text, octet-stream, a multipart body you encoded).
    pub fn bytes(&mut self, media: &str, body: impl Into<Bytes>) {
        let media = if media.contains('*') {
            "application/octet-stream"
        } else {
            media
        };
        self.body = Some((media.to_owned(), body.into()));
    }

    /// A `multipart/form-data` body, with a random boundary.
    pub fn multipart(&mut self, form: &MultipartForm) {
        let boundary = format!("pactum-{}", uuid::Uuid::new_v4().simple());
        self.body = Some((
            format!("multipart/form-data; boundary={boundary}"),
            Bytes::from(form.encode(&boundary)),
        ));
    }

    /// A typed `multipart/form-data` body: one part per property of the value's JSON form
    /// (one per item for the array properties of `specs`), in declaration order; absent and
    /// `null` properties are left out. [`File`]s go as they are (with a file name, the
    /// property's name by default, and their content type, else the contract's, else
    /// `application/octet-stream`); objects as JSON (`application/json` unless the contract
    /// says otherwise); strings, numbers and booleans as text without a `Content-Type`
    /// (RFC 7578's default `text/plain`) unless the contract gives one.
    pub fn multipart_typed<T: Serialize>(
        &mut self,
        body: &T,
        specs: &[PartSpec],
    ) -> Result<(), Error> {
        let Value::Object(o) = json_of(body)? else {
            return Err(Error::Config(
                "a multipart body must serialize to an object".to_owned(),
            ));
        };
        let mut form = MultipartForm::default();
        for (name, value) in o {
            let spec = PartSpec::find(specs, &name);
            let items = match value {
                Value::Null => continue,
                Value::Array(items) if spec.array => items,
                other => vec![other],
            };
            for item in items {
                if item.is_null() {
                    continue;
                }
                form.parts.push(encode_part(&name, &spec, item)?);
            }
        }
        self.multipart(&form);
        Ok(())
    }

    /// The security schemes the operation accepts, in the contract's order.
    pub fn security(&mut self, schemes: &'static [Scheme]) {
        self.schemes = schemes;
    }

    /// The operation declares the `header` idempotency key: a random UUID is sent in it when
    /// the caller gave none, the same on every retry, and the request becomes retryable
    /// whatever its method.
    pub fn idempotency_key(&mut self, header: &'static str) {
        self.idempotency_header = Some(header);
    }
}

/// The JSON type a header's text stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// A string (kept as is).
    String,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Boolean,
}

/// An answer as received: status, headers and the whole body.
#[derive(Debug, Clone)]
pub struct RawResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

impl RawResponse {
    /// Whether the `Content-Type` matches `media` (a type, `type/*` or `*/*`; parameters and
    /// case ignored).
    pub fn media_is(&self, media: &str) -> bool {
        let Some(ct) = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
        else {
            return false;
        };
        let ct = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let media = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match media.strip_suffix("/*") {
            Some("*") => true,
            Some(kind) => ct.split('/').next() == Some(kind),
            None => ct == media,
        }
    }

    fn decode_error(&self, message: String) -> Error {
        Error::Decode {
            status: self.status,
            message,
            body: self.body.clone(),
        }
    }

    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let at = e.path().to_string();
            self.decode_error(format!("body at `{at}`: {}", e.into_inner()))
        })
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, Error> {
        String::from_utf8(self.body.to_vec())
            .map_err(|e| self.decode_error(format!("body is not UTF-8: {e}")))
    }

    /// The body bytes.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// A declared response header of type `T`: `None` when absent; an error when present but
    /// not of the declared type. Lists are comma-separated.
    pub fn header<T: DeserializeOwned>(
        &self,
        name: &str,
        scalar: Scalar,
        list: bool,
    ) -> Result<Option<T>, Error> {
        let values: Vec<&str> = self
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if values.is_empty() {
            return Ok(None);
        }
        let parse = |t: &str| -> Value {
            let t = t.trim();
            match scalar {
                Scalar::String => Value::String(t.to_owned()),
                Scalar::Integer | Scalar::Number | Scalar::Boolean => {
                    serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_owned()))
                }
            }
        };
        let json = if list {
            Value::Array(
                values
                    .iter()
                    .flat_map(|v| v.split(','))
                    .map(parse)
                    .collect(),
            )
        } else {
            parse(&values.join(", "))
        };
        serde_json::from_value(json)
            .map(Some)
            .map_err(|e| self.decode_error(format!("header `{name}`: {e}")))
    }

    /// Like [`header`](Self::header) for a required header: absent is an error.
    pub fn required_header<T: DeserializeOwned>(
        &self,
        name: &str,
        scalar: Scalar,
        list: bool,
    ) -> Result<T, Error> {
        self.header(name, scalar, list)?
            .ok_or_else(|| self.decode_error(format!("required header `{name}` is missing")))
    }

    /// The error for a status the operation does not declare.
    pub fn unexpected(self) -> Error {
        Error::UnexpectedStatus {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}
