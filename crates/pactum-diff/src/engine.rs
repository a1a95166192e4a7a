//! The matcher and the comparison: walks two specs side by side and records [`Change`]s.
//!
//! Paths match by template shape (`/pets/{id}` ≡ `/pets/{petId}`, and a `/vN` segment matches
//! any other `/vM`), operations by method, parameters by (location, name) with header names
//! case-insensitive and path parameters by position, media types by essence (then within a
//! `+json` family), responses by status (a code falls back to its range). Schemas are compared
//! recursively through `$ref`; a (base pointer, revision pointer, direction) pair is compared
//! once, so recursive schemas terminate and a change inside a shared component is one change
//! that lists every operation reaching it.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{
    Header, MediaType, Operation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response, Schema, SecurityRequirement, StatusCode,
};
use pactum_spec::pointer::escape;
use pactum_spec::Spec;
use serde_json::Value;

use crate::checks::{self, Check};
use crate::facets::{list, Facets, SchemaRef};
use crate::lifecycle::{sunset_extension, sunset_moved, Stage, StageIds};
use crate::Settings;

/// One difference between base and revision, classified by a check.
#[derive(Debug, Clone)]
pub struct Change {
    /// The check.
    pub check: &'static Check,
    /// One sentence, capital first, no final period.
    pub message: String,
    /// JSON pointer of the element in the base (none for additions).
    pub base: Option<String>,
    /// JSON pointer of the element in the revision (none for removals).
    pub revision: Option<String>,
    /// Operations affected (`GET /pets`), in the order they were reached.
    pub operations: Vec<String>,
    /// An `x-extensible-enum` (or similar) fact lowered the severity to info.
    pub relaxed: bool,
}

/// Which way data flows for the schema being compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dir {
    /// Sent by the client, read by the API owner.
    Request,
    /// Sent by the API owner, read by the client.
    Response,
}

impl Dir {
    fn prefix(self) -> &'static str {
        match self {
            Dir::Request => "request",
            Dir::Response => "response",
        }
    }
    fn flip(self) -> Dir {
        match self {
            Dir::Request => Dir::Response,
            Dir::Response => Dir::Request,
        }
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn ops(item: &PathItem) -> [(&'static str, Option<&Operation>); 8] {
    [
        ("get", item.get.as_ref()),
        ("put", item.put.as_ref()),
        ("post", item.post.as_ref()),
        ("delete", item.delete.as_ref()),
        ("options", item.options.as_ref()),
        ("head", item.head.as_ref()),
        ("patch", item.patch.as_ref()),
        ("trace", item.trace.as_ref()),
    ]
}

fn push(ptr: &str, seg: &str) -> String {
    let mut s = String::with_capacity(ptr.len() + seg.len() + 1);
    s.push_str(ptr);
    s.push('/');
    s.push_str(&escape(seg));
    s
}

/// The shape key of a path template: parameter names dropped, `/vN` generalised.
pub(crate) fn shape(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if seg.starts_with('{') && seg.ends_with('}') {
                "{}"
            } else if seg.len() > 1
                && seg.starts_with('v')
                && seg[1..].bytes().all(|b| b.is_ascii_digit())
            {
                "v*"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn template_params(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .collect()
}

/// The essence of a media type: lowercase, parameters dropped.
fn essence(mt: &str) -> String {
    mt.split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn json_family(mt: &str) -> bool {
    let e = essence(mt);
    e == "application/json" || e.ends_with("+json")
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn fmt_value(v: &Value) -> String {
    format!("`{v}`")
}

/// At most 8 values, then how many more.
fn fmt_values(v: &[&Value]) -> String {
    let mut out = v
        .iter()
        .take(8)
        .map(|x| fmt_value(x))
        .collect::<Vec<_>>()
        .join(", ");
    if v.len() > 8 {
        out.push_str(&format!(" and {} more", v.len() - 8));
    }
    out
}

/// A readable name for the schema at `ptr`: `Pet.name`, `request body.items[]`…
fn subject(ptr: &str) -> String {
    let segs = pactum_spec::pointer::split(ptr);
    let mut out = String::new();
    let mut i = 0;
    if segs.len() >= 3 && segs[0] == "components" {
        out.push_str(&segs[2]);
        i = 3;
    } else {
        while i < segs.len() {
            match segs[i].as_str() {
                "requestBody" => out = "request body".into(),
                "responses" if i + 1 < segs.len() => {
                    out = format!("response {}", segs[i + 1]);
                    i += 1;
                }
                "headers" if i + 1 < segs.len() => {
                    out = format!("header {}", segs[i + 1]);
                    i += 1;
                }
                "parameters" => out = "parameter".into(),
                "schema" => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        if out.is_empty() {
            out.push_str("schema");
        }
    }
    while i < segs.len() {
        match segs[i].as_str() {
            "properties" if i + 1 < segs.len() => {
                out.push('.');
                out.push_str(&segs[i + 1]);
                i += 1;
            }
            "items" => out.push_str("[]"),
            "additionalProperties" => out.push_str("{}"),
            "oneOf" | "anyOf" | "allOf" if i + 1 < segs.len() => {
                out.push_str(&format!("/{}[{}]", segs[i], segs[i + 1]));
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// (check id, base pointer, revision pointer, message): what makes two changes the same.
type ChangeKey = (&'static str, Option<String>, Option<String>, String);

pub(crate) struct Differ<'a> {
    b: &'a Spec,
    r: &'a Spec,
    settings: &'a Settings,
    pub(crate) changes: Vec<Change>,
    /// Changes recorded under each compared schema pair (`None` while in progress).
    memo: HashMap<(String, String, Dir), Option<Vec<usize>>>,
    /// Changes touched by the current frame (operation or schema pair).
    frames: Vec<Vec<usize>>,
    /// Parameter names by the revision pointer of the parameter, for messages.
    param_names: HashMap<String, String>,
    /// Each recorded change by (check id, base, revision, message): the same change reached
    /// again (a shared parameter or header compared under another operation) is one change
    /// listing both operations.
    seen: HashMap<ChangeKey, usize>,
    /// The change recorded (or reached again) last.
    last: Option<usize>,
}

impl<'a> Differ<'a> {
    pub(crate) fn new(b: &'a Spec, r: &'a Spec, settings: &'a Settings) -> Self {
        Differ {
            b,
            r,
            settings,
            changes: Vec::new(),
            memo: HashMap::new(),
            frames: Vec::new(),
            param_names: HashMap::new(),
            seen: HashMap::new(),
            last: None,
        }
    }

    /// A readable name for the schema at `ptr`, with the parameter's name when it is one.
    fn subject(&self, ptr: &str) -> String {
        let base = subject(ptr);
        let Some(rest) = base.strip_prefix("parameter") else {
            return base;
        };
        let Some(i) = ptr.find("/parameters/") else {
            return base;
        };
        let after = &ptr[i + "/parameters/".len()..];
        let end = after
            .find('/')
            .map_or(ptr.len(), |j| i + "/parameters/".len() + j);
        match self.param_names.get(&ptr[..end]) {
            Some(name) => format!("parameter {name}{rest}"),
            None => base,
        }
    }

    /// Records a change of check `id`.
    fn emit(&mut self, id: &str, base: Option<&str>, rev: Option<&str>, message: String) {
        self.emit_relaxed(id, base, rev, message, false);
    }

    fn emit_relaxed(
        &mut self,
        id: &str,
        base: Option<&str>,
        rev: Option<&str>,
        message: String,
        relaxed: bool,
    ) {
        let Some(check) = checks::find(id) else {
            debug_assert!(false, "unknown check id {id}");
            return;
        };
        let key = (
            check.id.as_str(),
            base.map(String::from),
            rev.map(String::from),
            message,
        );
        let i = match self.seen.get(&key) {
            Some(&i) if self.changes[i].relaxed == relaxed => i,
            _ => {
                let i = self.changes.len();
                self.changes.push(Change {
                    check,
                    message: key.3.clone(),
                    base: key.1.clone(),
                    revision: key.2.clone(),
                    operations: Vec::new(),
                    relaxed,
                });
                self.seen.insert(key, i);
                i
            }
        };
        self.last = Some(i);
        if let Some(top) = self.frames.last_mut() {
            top.push(i);
        }
    }

    pub(crate) fn run(&mut self) {
        self.servers();
        self.security_schemes();
        let b = self.b;
        let r = self.r;
        self.path_map(
            &b.openapi.paths.paths,
            &r.openapi.paths.paths,
            "/paths",
            Dir::Request,
            false,
        );
        self.path_map(&b.webhooks, &r.webhooks, "/webhooks", Dir::Response, true);
    }

    fn servers(&mut self) {
        let bs = &self.b.openapi.servers;
        let rs = &self.r.openapi.servers;
        let removed: Vec<usize> = (0..bs.len())
            .filter(|&i| !rs.iter().any(|s| s.url == bs[i].url))
            .collect();
        let added: Vec<usize> = (0..rs.len())
            .filter(|&i| !bs.iter().any(|s| s.url == rs[i].url))
            .collect();
        let paired = removed.len().min(added.len());
        for k in 0..paired {
            let (i, j) = (removed[k], added[k]);
            self.emit(
                "server-url-changed",
                Some(&format!("/servers/{i}/url")),
                Some(&format!("/servers/{j}/url")),
                format!("Server URL changed from `{}` to `{}`", bs[i].url, rs[j].url),
            );
        }
        for &i in &removed[paired..] {
            self.emit(
                "server-removed",
                Some(&format!("/servers/{i}")),
                None,
                format!("Server `{}` was removed", bs[i].url),
            );
        }
        for &j in &added[paired..] {
            self.emit(
                "server-added",
                None,
                Some(&format!("/servers/{j}")),
                format!("Server `{}` was added", rs[j].url),
            );
        }
    }

    fn security_schemes(&mut self) {
        let (Some(bc), Some(rc)) = (&self.b.openapi.components, &self.r.openapi.components) else {
            return;
        };
        for (name, bs) in &bc.security_schemes {
            let (ReferenceOr::Item(bs), Some(ReferenceOr::Item(rs))) =
                (bs, rc.security_schemes.get(name))
            else {
                continue;
            };
            let bj = serde_json::to_value(bs).unwrap_or(Value::Null);
            let rj = serde_json::to_value(rs).unwrap_or(Value::Null);
            let keys = ["type", "in", "name", "scheme"];
            let changed: Vec<&str> = keys
                .into_iter()
                .filter(|k| bj.get(k) != rj.get(k))
                .collect();
            if !changed.is_empty() {
                let ptr = push("/components/securitySchemes", name);
                self.emit(
                    "request-security-scheme-changed",
                    Some(&ptr),
                    Some(&ptr),
                    format!(
                        "Security scheme `{name}` changed its {}",
                        changed.join(", ")
                    ),
                );
            }
        }
    }

    fn path_map(
        &mut self,
        bm: &'a IndexMap<String, ReferenceOr<PathItem>>,
        rm: &'a IndexMap<String, ReferenceOr<PathItem>>,
        root: &str,
        dir: Dir,
        webhooks: bool,
    ) {
        let mut rshapes: HashMap<String, &String> = HashMap::new();
        for k in rm.keys() {
            let key = if webhooks { k.clone() } else { shape(k) };
            rshapes.entry(key).or_insert(k);
        }
        let mut matched: HashSet<&String> = HashSet::new();
        for (bk, bitem) in bm {
            let key = if webhooks { bk.clone() } else { shape(bk) };
            let bptr = push(root, bk);
            let Some(bitem) = self.path_item(self.b, bitem) else {
                continue;
            };
            match rshapes.get(&key) {
                Some(&rk) => {
                    matched.insert(rk);
                    let Some(ritem) = rm.get(rk).and_then(|i| self.path_item(self.r, i)) else {
                        continue;
                    };
                    let rptr = push(root, rk);
                    self.path_pair(bk, bitem, &bptr, rk, ritem, &rptr, dir, webhooks);
                }
                None => {
                    if webhooks {
                        self.emit(
                            "webhook-removed",
                            Some(&bptr),
                            None,
                            format!("Webhook `{bk}` was removed"),
                        );
                    } else {
                        for (m, op) in ops(bitem) {
                            if let Some(op) = op {
                                self.op_removed(bk, m, op, &push(&bptr, m));
                            }
                        }
                    }
                }
            }
        }
        for (rk, ritem) in rm {
            if matched.contains(rk) {
                continue;
            }
            let rptr = push(root, rk);
            if webhooks {
                self.emit(
                    "webhook-added",
                    None,
                    Some(&rptr),
                    format!("Webhook `{rk}` was added"),
                );
            } else if let Some(ritem) = self.path_item(self.r, ritem) {
                for (m, op) in ops(ritem) {
                    if op.is_some() {
                        self.emit(
                            "operation-added",
                            None,
                            Some(&push(&rptr, m)),
                            format!("Operation {} {rk} was added", m.to_uppercase()),
                        );
                        self.tag_last(format!("{} {rk}", m.to_uppercase()));
                    }
                }
            }
        }
    }

    fn path_item(&self, spec: &'a Spec, item: &'a ReferenceOr<PathItem>) -> Option<&'a PathItem> {
        match item {
            ReferenceOr::Item(i) => Some(i),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/pathItems/")?;
                match spec.path_items.get(name)? {
                    ReferenceOr::Item(i) => Some(i),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn op_removed(&mut self, path: &str, method: &str, op: &Operation, ptr: &str) {
        let label = format!("{} {path}", method.to_uppercase());
        let stage = Stage::of(
            deprecated_op(self.b, op),
            sunset_of(self.b, op),
            self.settings.today,
        );
        let (id, tail) = stage.removal(OPERATION_IDS);
        let what = if stage == Stage::Live {
            "Operation"
        } else {
            "Deprecated operation"
        };
        self.emit(
            id,
            Some(ptr),
            None,
            format!("{what} {label} was removed{tail}"),
        );
        self.tag_last(label);
    }

    /// Files the last change under operation `label` (for changes outside an operation frame).
    fn tag_last(&mut self, label: String) {
        if let Some(last) = self.last.and_then(|i| self.changes.get_mut(i)) {
            if !last.operations.contains(&label) {
                last.operations.push(label);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn path_pair(
        &mut self,
        bk: &str,
        bitem: &'a PathItem,
        bptr: &str,
        rk: &str,
        ritem: &'a PathItem,
        rptr: &str,
        dir: Dir,
        webhook: bool,
    ) {
        if !webhook {
            let (bn, rn) = (template_params(bk), template_params(rk));
            for (i, (a, b)) in bn.iter().zip(&rn).enumerate() {
                if a != b {
                    let _ = i;
                    self.emit(
                        "path-parameter-renamed",
                        Some(bptr),
                        Some(rptr),
                        format!("Path parameter `{a}` was renamed to `{b}` in {rk}"),
                    );
                }
            }
        }
        let bops = ops(bitem);
        let rops = ops(ritem);
        for k in 0..METHODS.len() {
            let m = bops[k].0;
            match (bops[k].1, rops[k].1) {
                (Some(bo), Some(ro)) => {
                    let label = if webhook {
                        format!("webhook {rk} {}", m.to_uppercase())
                    } else {
                        format!("{} {rk}", m.to_uppercase())
                    };
                    self.frames.push(Vec::new());
                    self.operation(
                        bo,
                        &push(bptr, m),
                        &bitem.parameters,
                        bptr,
                        ro,
                        &push(rptr, m),
                        &ritem.parameters,
                        rptr,
                        dir,
                        (bk, rk),
                    );
                    let touched = self.frames.pop().unwrap_or_default();
                    for i in touched {
                        let ops = &mut self.changes[i].operations;
                        if !ops.contains(&label) {
                            ops.push(label.clone());
                        }
                    }
                }
                (Some(bo), None) => {
                    if webhook {
                        self.emit(
                            "webhook-removed",
                            Some(&push(bptr, m)),
                            None,
                            format!("Webhook `{bk}` no longer sends {}", m.to_uppercase()),
                        );
                    } else {
                        self.op_removed(bk, m, bo, &push(bptr, m));
                    }
                }
                (None, Some(_)) => {
                    let id = if webhook {
                        "webhook-added"
                    } else {
                        "operation-added"
                    };
                    self.emit(
                        id,
                        None,
                        Some(&push(rptr, m)),
                        format!("Operation {} {rk} was added", m.to_uppercase()),
                    );
                    self.tag_last(format!("{} {rk}", m.to_uppercase()));
                }
                (None, None) => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        bo: &'a Operation,
        bptr: &str,
        bpath_params: &'a [ReferenceOr<Parameter>],
        bpath_ptr: &str,
        ro: &'a Operation,
        rptr: &str,
        rpath_params: &'a [ReferenceOr<Parameter>],
        rpath_ptr: &str,
        dir: Dir,
        paths: (&str, &str),
    ) {
        let label = paths.1;
        // Identity and lifecycle.
        if let (Some(a), Some(b)) = (&bo.operation_id, &ro.operation_id) {
            if a != b {
                self.emit(
                    "operation-id-changed",
                    Some(&push(bptr, "operationId")),
                    Some(&push(rptr, "operationId")),
                    format!("operationId changed from `{a}` to `{b}`"),
                );
            }
        }
        if bo.deprecated != ro.deprecated {
            let id = if ro.deprecated {
                "operation-deprecated-added"
            } else {
                "operation-deprecated-removed"
            };
            let msg = if ro.deprecated {
                "Operation was deprecated"
            } else {
                "Operation is no longer deprecated"
            };
            self.emit(id, Some(bptr), Some(rptr), msg.to_string());
        }
        if let (Some(a), Some(b)) = (sunset_of(self.b, bo), sunset_of(self.r, ro)) {
            if a != b {
                let id = if b < a {
                    "operation-sunset-decreased"
                } else {
                    "operation-sunset-increased"
                };
                self.emit(
                    id,
                    Some(bptr),
                    Some(rptr),
                    format!("Sunset date moved from {} to {}", fmt_date(a), fmt_date(b)),
                );
            }
        }
        // Security (request side only for paths; webhooks carry the provider's own).
        if dir == Dir::Request {
            self.security(bo, bptr, ro, rptr);
        }
        // Parameters.
        let bparams = self.params(
            self.b,
            bpath_params,
            bpath_ptr,
            &bo.parameters,
            bptr,
            paths.0,
        );
        let rparams = self.params(
            self.r,
            rpath_params,
            rpath_ptr,
            &ro.parameters,
            rptr,
            paths.1,
        );
        self.parameters(&bparams, &rparams, dir);
        // Request body.
        let bb = bo
            .request_body
            .as_ref()
            .and_then(|b| self.body(self.b, b, &push(bptr, "requestBody")));
        let rb = ro
            .request_body
            .as_ref()
            .and_then(|b| self.body(self.r, b, &push(rptr, "requestBody")));
        match (bb, rb) {
            (Some((b, bp)), Some((r, rp))) => {
                if b.required != r.required {
                    let (id, msg) = if r.required {
                        (
                            "request-body-required-added",
                            "Request body became required",
                        )
                    } else {
                        (
                            "request-body-required-removed",
                            "Request body became optional",
                        )
                    };
                    self.emit(id, Some(&bp), Some(&rp), msg.into());
                }
                self.content(&b.content, &bp, &r.content, &rp, dir, true);
            }
            (Some((_, bp)), None) => self.emit(
                "request-body-removed",
                Some(&bp),
                None,
                format!("Request body of {label} was removed"),
            ),
            (None, Some((r, rp))) => {
                let id = if r.required {
                    "request-required-body-added"
                } else {
                    "request-body-added"
                };
                self.emit(
                    id,
                    None,
                    Some(&rp),
                    format!(
                        "{} request body was added",
                        if r.required {
                            "A required"
                        } else {
                            "An optional"
                        }
                    ),
                );
            }
            (None, None) => {}
        }
        // Responses.
        self.responses(bo, bptr, ro, rptr, dir);
        // Callbacks: the API owner sends the request.
        for (name, bcb) in &bo.callbacks {
            let bcp = push(&push(bptr, "callbacks"), name);
            match ro.callbacks.get(name) {
                None => self.emit(
                    "webhook-removed",
                    Some(&bcp),
                    None,
                    format!("Callback `{name}` was removed"),
                ),
                Some(rcb) => {
                    let rcp = push(&push(rptr, "callbacks"), name);
                    for (expr, bitem) in bcb {
                        if let Some(ritem) = rcb.get(expr) {
                            self.path_pair(
                                expr,
                                bitem,
                                &push(&bcp, expr),
                                expr,
                                ritem,
                                &push(&rcp, expr),
                                dir.flip(),
                                true,
                            );
                        } else {
                            self.emit(
                                "webhook-removed",
                                Some(&push(&bcp, expr)),
                                None,
                                format!("Callback `{name}` no longer calls `{expr}`"),
                            );
                        }
                    }
                }
            }
        }
        for name in ro.callbacks.keys() {
            if !bo.callbacks.contains_key(name) {
                self.emit(
                    "webhook-added",
                    None,
                    Some(&push(&push(rptr, "callbacks"), name)),
                    format!("Callback `{name}` was added"),
                );
            }
        }
    }

    fn security(&mut self, bo: &Operation, bptr: &str, ro: &Operation, rptr: &str) {
        let eff = |spec: &Spec, op: &Operation, ptr: &str| -> (Vec<SecurityRequirement>, String) {
            match &op.security {
                Some(s) => (s.clone(), push(ptr, "security")),
                None => (
                    spec.openapi.security.clone().unwrap_or_default(),
                    "/security".to_string(),
                ),
            }
        };
        let (bs, bp) = eff(self.b, bo, bptr);
        let (rs, rp) = eff(self.r, ro, rptr);
        let open = |s: &[SecurityRequirement]| s.is_empty() || s.iter().any(|r| r.is_empty());
        let (bp_loc, rp_loc) = (
            if bp == "/security" && self.b.openapi.security.is_none() {
                bptr.to_string()
            } else {
                bp
            },
            if rp == "/security" && self.r.openapi.security.is_none() {
                rptr.to_string()
            } else {
                rp
            },
        );
        match (open(&bs), open(&rs)) {
            (true, false) => {
                let names: Vec<String> = rs.iter().flat_map(|r| r.keys().cloned()).collect();
                self.emit(
                    "request-security-added",
                    Some(&bp_loc),
                    Some(&rp_loc),
                    format!("Operation now requires credentials ({})", names.join(", ")),
                );
                return;
            }
            (false, true)
                if bs.iter().any(|r| !r.is_empty()) && rs.iter().all(|r| r.is_empty()) =>
            {
                self.emit(
                    "request-security-removed",
                    Some(&bp_loc),
                    Some(&rp_loc),
                    "Operation no longer requires credentials".into(),
                );
                return;
            }
            _ => {}
        }
        let key = |r: &SecurityRequirement| {
            let mut k: Vec<&String> = r.keys().collect();
            k.sort();
            k.into_iter().cloned().collect::<Vec<_>>().join("+")
        };
        for b in bs.iter().filter(|r| !r.is_empty()) {
            match rs.iter().find(|r| key(r) == key(b)) {
                None => self.emit(
                    "request-security-alternative-removed",
                    Some(&bp_loc),
                    Some(&rp_loc),
                    format!("Security alternative `{}` was removed", key(b)),
                ),
                Some(r) => {
                    for (scheme, bscopes) in b {
                        let rscopes = r.get(scheme).map(Vec::as_slice).unwrap_or(&[]);
                        let added: Vec<&String> =
                            rscopes.iter().filter(|s| !bscopes.contains(s)).collect();
                        let removed: Vec<&String> =
                            bscopes.iter().filter(|s| !rscopes.contains(s)).collect();
                        if !added.is_empty() {
                            self.emit(
                                "request-security-scope-added",
                                Some(&bp_loc),
                                Some(&rp_loc),
                                format!(
                                    "Scope {} added to `{scheme}`",
                                    added
                                        .iter()
                                        .map(|s| format!("`{s}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            );
                        }
                        if !removed.is_empty() {
                            self.emit(
                                "request-security-scope-removed",
                                Some(&bp_loc),
                                Some(&rp_loc),
                                format!(
                                    "Scope {} removed from `{scheme}`",
                                    removed
                                        .iter()
                                        .map(|s| format!("`{s}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            );
                        }
                    }
                }
            }
        }
        if !open(&bs) {
            for r in rs.iter().filter(|r| !r.is_empty()) {
                if !bs.iter().any(|b| key(b) == key(r)) {
                    self.emit(
                        "request-security-alternative-added",
                        Some(&bp_loc),
                        Some(&rp_loc),
                        format!("Security alternative `{}` was added", key(r)),
                    );
                }
            }
        }
    }

    /// The effective parameters of an operation: path-level ones overridden by the
    /// operation's, keyed by (location, name) (header names lowercased, path parameters by
    /// position in the template).
    fn params(
        &self,
        spec: &'a Spec,
        path_level: &'a [ReferenceOr<Parameter>],
        path_ptr: &str,
        op_level: &'a [ReferenceOr<Parameter>],
        op_ptr: &str,
        template: &str,
    ) -> Vec<(String, &'a Parameter, String)> {
        let names = template_params(template);
        let mut out: Vec<(String, &'a Parameter, String)> = Vec::new();
        for (list, base) in [(path_level, path_ptr), (op_level, op_ptr)] {
            for (i, p) in list.iter().enumerate() {
                let Some((param, ptr)) = resolve_param(spec, p, format!("{}/parameters/{i}", base))
                else {
                    continue;
                };
                let d = param.parameter_data_ref();
                let key = match param {
                    Parameter::Header { .. } => format!("header:{}", d.name.to_ascii_lowercase()),
                    Parameter::Path { .. } => match names.iter().position(|n| *n == d.name) {
                        Some(pos) => format!("path:#{pos}"),
                        None => format!("path:{}", d.name),
                    },
                    Parameter::Query { .. } => format!("query:{}", d.name),
                    Parameter::Cookie { .. } => format!("cookie:{}", d.name),
                };
                out.retain(|(k, _, _)| *k != key);
                out.push((key, param, ptr));
            }
        }
        out
    }

    fn parameters(
        &mut self,
        bps: &[(String, &'a Parameter, String)],
        rps: &[(String, &'a Parameter, String)],
        dir: Dir,
    ) {
        // Parameters the API owner sends (webhooks, callbacks) behave like response headers.
        let sent = dir == Dir::Response;
        for (key, bp, bptr) in bps {
            let bd = bp.parameter_data_ref();
            let Some((_, rp, rptr)) = rps.iter().find(|(k, _, _)| k == key) else {
                let stage = Stage::of(
                    bd.deprecated.unwrap_or(false),
                    sunset_extension(&bd.extensions),
                    self.settings.today,
                );
                let (id, tail) = stage.removal(header_ids(sent, bd.required));
                self.emit(
                    id,
                    Some(bptr),
                    None,
                    format!("{} parameter `{}` was removed{tail}", location(bp), bd.name),
                );
                continue;
            };
            let rd = rp.parameter_data_ref();
            if let Some((id, msg)) = sunset_moved(
                sunset_extension(&bd.extensions),
                sunset_extension(&rd.extensions),
                sunset_ids(sent),
            ) {
                self.emit(
                    id,
                    Some(bptr),
                    Some(rptr),
                    format!("{} parameter `{}`: {msg}", location(rp), rd.name),
                );
            }
            if bd.required != rd.required {
                let id = match (sent, rd.required) {
                    (false, true) => "request-parameter-required-added",
                    (false, false) => "request-parameter-required-removed",
                    (true, true) => "response-header-required-added",
                    (true, false) => "response-header-required-removed",
                };
                self.emit(
                    id,
                    Some(bptr),
                    Some(rptr),
                    format!(
                        "{} parameter `{}` became {}",
                        location(rp),
                        rd.name,
                        if rd.required { "required" } else { "optional" }
                    ),
                );
            }
            if bd.deprecated.unwrap_or(false) != rd.deprecated.unwrap_or(false) {
                let now = rd.deprecated.unwrap_or(false);
                let id = match (sent, now) {
                    (false, true) => "request-parameter-deprecated-added",
                    (false, false) => "request-parameter-deprecated-removed",
                    (true, true) => "response-header-deprecated-added",
                    (true, false) => "response-header-deprecated-removed",
                };
                self.emit(
                    id,
                    Some(bptr),
                    Some(rptr),
                    format!(
                        "{} parameter `{}` {}",
                        location(rp),
                        rd.name,
                        if now {
                            "was deprecated"
                        } else {
                            "is no longer deprecated"
                        }
                    ),
                );
            }
            let (bs, rs) = (style(bp), style(rp));
            if bs != rs {
                self.emit(
                    "request-parameter-style-changed",
                    Some(bptr),
                    Some(rptr),
                    format!(
                        "Parameter `{}` style changed from `{bs}` to `{rs}`",
                        rd.name
                    ),
                );
            }
            let (be, re) = (explode(bp), explode(rp));
            if be != re {
                self.emit(
                    "request-parameter-explode-changed",
                    Some(bptr),
                    Some(rptr),
                    format!(
                        "Parameter `{}` explode changed from `{be}` to `{re}`",
                        rd.name
                    ),
                );
            }
            let (ba, ra) = (allow_empty(bp), allow_empty(rp));
            if ba != ra {
                let id = if ra {
                    "request-parameter-allow-empty-value-added"
                } else {
                    "request-parameter-allow-empty-value-removed"
                };
                self.emit(
                    id,
                    Some(bptr),
                    Some(rptr),
                    format!(
                        "Parameter `{}` {} an empty value",
                        rd.name,
                        if ra { "now allows" } else { "no longer allows" }
                    ),
                );
            }
            match (&bd.format, &rd.format) {
                (ParameterSchemaOrContent::Schema(bs), ParameterSchemaOrContent::Schema(rs)) => {
                    self.param_names.insert(rptr.clone(), rd.name.clone());
                    self.schema(
                        SchemaRef::from(bs),
                        &push(bptr, "schema"),
                        SchemaRef::from(rs),
                        &push(rptr, "schema"),
                        dir,
                    );
                }
                (ParameterSchemaOrContent::Content(bc), ParameterSchemaOrContent::Content(rc)) => {
                    self.content(bc, bptr, rc, rptr, dir, true);
                }
                _ => {}
            }
        }
        for (key, rp, rptr) in rps {
            if bps.iter().any(|(k, _, _)| k == key) {
                continue;
            }
            let rd = rp.parameter_data_ref();
            let id = match (sent, rd.required) {
                (false, true) => "request-required-parameter-added",
                (false, false) => "request-parameter-added",
                (true, true) => "response-required-header-added",
                (true, false) => "response-header-added",
            };
            self.emit(
                id,
                None,
                Some(rptr),
                format!(
                    "{} {} parameter `{}` was added",
                    if rd.required { "Required" } else { "Optional" },
                    location(rp).to_ascii_lowercase(),
                    rd.name
                ),
            );
        }
    }

    fn body(
        &self,
        spec: &'a Spec,
        b: &'a ReferenceOr<RequestBody>,
        ptr: &str,
    ) -> Option<(&'a RequestBody, String)> {
        match b {
            ReferenceOr::Item(i) => Some((i, ptr.to_string())),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/requestBodies/")?;
                match spec.openapi.components.as_ref()?.request_bodies.get(name)? {
                    ReferenceOr::Item(i) => Some((i, push("/components/requestBodies", name))),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    /// Compares two `content` maps. `body_side` tells which check family applies: request
    /// bodies and parameters read by the owner (`dir == Request`) or sent by it.
    fn content(
        &mut self,
        bc: &'a IndexMap<String, MediaType>,
        bptr: &str,
        rc: &'a IndexMap<String, MediaType>,
        rptr: &str,
        dir: Dir,
        _body: bool,
    ) {
        let bcp = push(bptr, "content");
        let rcp = push(rptr, "content");
        let mut rmatched: HashSet<&String> = HashSet::new();
        let mut bunmatched: Vec<&String> = Vec::new();
        for bk in bc.keys() {
            match rc.keys().find(|rk| essence(rk) == essence(bk)) {
                Some(rk) => {
                    rmatched.insert(rk);
                    self.media(&bc[bk], &push(&bcp, bk), &rc[rk], &push(&rcp, rk), dir);
                }
                None => bunmatched.push(bk),
            }
        }
        let mut runmatched: Vec<&String> = rc.keys().filter(|k| !rmatched.contains(k)).collect();
        let p = dir.prefix();
        for bk in bunmatched {
            let fam = runmatched
                .iter()
                .position(|rk| json_family(rk) && json_family(bk));
            match fam {
                Some(i) => {
                    let rk = runmatched.remove(i);
                    self.emit(
                        &format!("{p}-media-type-changed"),
                        Some(&push(&bcp, bk)),
                        Some(&push(&rcp, rk)),
                        format!("Media type `{bk}` became `{rk}`"),
                    );
                    self.media(&bc[bk], &push(&bcp, bk), &rc[rk], &push(&rcp, rk), dir);
                }
                None => self.emit(
                    &format!("{p}-media-type-removed"),
                    Some(&push(&bcp, bk)),
                    None,
                    format!("Media type `{bk}` was removed"),
                ),
            }
        }
        for rk in runmatched {
            self.emit(
                &format!("{p}-media-type-added"),
                None,
                Some(&push(&rcp, rk)),
                format!("Media type `{rk}` was added"),
            );
        }
    }

    fn media(&mut self, b: &'a MediaType, bptr: &str, r: &'a MediaType, rptr: &str, dir: Dir) {
        if let (Some(bs), Some(rs)) = (&b.schema, &r.schema) {
            self.schema(
                SchemaRef::from(bs),
                &push(bptr, "schema"),
                SchemaRef::from(rs),
                &push(rptr, "schema"),
                dir,
            );
        }
    }

    fn responses(
        &mut self,
        bo: &'a Operation,
        bptr: &str,
        ro: &'a Operation,
        rptr: &str,
        dir: Dir,
    ) {
        let bmap = status_map(bo);
        let rmap = status_map(ro);
        let brp = push(bptr, "responses");
        let rrp = push(rptr, "responses");
        let rdir = dir.flip();
        let mut rmatched: HashSet<String> = HashSet::new();
        for (bk, bresp) in &bmap {
            let found = rmap
                .iter()
                .find(|(rk, _)| rk == bk)
                .or_else(|| rmap.iter().find(|(rk, _)| range_of(bk) == Some(rk.clone())))
                .or_else(|| rmap.iter().find(|(rk, _)| range_of(rk) == Some(bk.clone())));
            let bp = push(&brp, bk);
            match found {
                Some((rk, rresp)) => {
                    rmatched.insert(rk.clone());
                    let rp = push(&rrp, rk);
                    let Some((b, bp)) = self.response(self.b, bresp, bp) else {
                        continue;
                    };
                    let Some((r, rp)) = self.response(self.r, rresp, rp) else {
                        continue;
                    };
                    self.response_pair(b, &bp, r, &rp, rdir);
                }
                None => {
                    let success = bk.starts_with('2');
                    let id = if success {
                        "response-success-status-removed"
                    } else {
                        "response-status-removed"
                    };
                    self.emit(id, Some(&bp), None, format!("Status `{bk}` was removed"));
                }
            }
        }
        for (rk, _) in &rmap {
            if rmatched.contains(rk) {
                continue;
            }
            let id = if rk.starts_with('2') {
                "response-success-status-added"
            } else {
                "response-status-added"
            };
            self.emit(
                id,
                None,
                Some(&push(&rrp, rk)),
                format!("Status `{rk}` was added"),
            );
        }
    }

    fn response(
        &self,
        spec: &'a Spec,
        r: &'a ReferenceOr<Response>,
        ptr: String,
    ) -> Option<(&'a Response, String)> {
        match r {
            ReferenceOr::Item(i) => Some((i, ptr)),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                match spec.openapi.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(i) => Some((i, push("/components/responses", name))),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        }
    }

    fn response_pair(&mut self, b: &'a Response, bp: &str, r: &'a Response, rp: &str, dir: Dir) {
        // Headers (case-insensitive); what the owner sends is "response" side.
        let bhp = push(bp, "headers");
        let rhp = push(rp, "headers");
        let sent = dir == Dir::Response;
        for (bn, bh) in &b.headers {
            let Some((bh, bptr)) = header(self.b, bh, push(&bhp, bn)) else {
                continue;
            };
            let found = r.headers.iter().find(|(rn, _)| rn.eq_ignore_ascii_case(bn));
            match found {
                None => {
                    let stage = Stage::of(
                        bh.deprecated.unwrap_or(false),
                        sunset_extension(&bh.extensions),
                        self.settings.today,
                    );
                    let (id, tail) = stage.removal(header_ids(sent, bh.required));
                    self.emit(
                        id,
                        Some(&bptr),
                        None,
                        format!("Header `{bn}` was removed{tail}"),
                    );
                }
                Some((rn, rh)) => {
                    let Some((rh, rptr)) = header(self.r, rh, push(&rhp, rn)) else {
                        continue;
                    };
                    if let Some((id, msg)) = sunset_moved(
                        sunset_extension(&bh.extensions),
                        sunset_extension(&rh.extensions),
                        sunset_ids(sent),
                    ) {
                        self.emit(
                            id,
                            Some(&bptr),
                            Some(&rptr),
                            format!("Header `{rn}`: {msg}"),
                        );
                    }
                    if bh.required != rh.required {
                        let id = match (sent, rh.required) {
                            (true, true) => "response-header-required-added",
                            (true, false) => "response-header-required-removed",
                            (false, true) => "request-parameter-required-added",
                            (false, false) => "request-parameter-required-removed",
                        };
                        self.emit(
                            id,
                            Some(&bptr),
                            Some(&rptr),
                            format!(
                                "Header `{rn}` became {}",
                                if rh.required { "required" } else { "optional" }
                            ),
                        );
                    }
                    if bh.deprecated.unwrap_or(false) != rh.deprecated.unwrap_or(false) {
                        let now = rh.deprecated.unwrap_or(false);
                        let id = match (sent, now) {
                            (true, true) => "response-header-deprecated-added",
                            (true, false) => "response-header-deprecated-removed",
                            (false, true) => "request-parameter-deprecated-added",
                            (false, false) => "request-parameter-deprecated-removed",
                        };
                        self.emit(
                            id,
                            Some(&bptr),
                            Some(&rptr),
                            format!(
                                "Header `{rn}` {}",
                                if now {
                                    "was deprecated"
                                } else {
                                    "is no longer deprecated"
                                }
                            ),
                        );
                    }
                    if let (
                        ParameterSchemaOrContent::Schema(bs),
                        ParameterSchemaOrContent::Schema(rs),
                    ) = (&bh.format, &rh.format)
                    {
                        self.schema(
                            SchemaRef::from(bs),
                            &push(&bptr, "schema"),
                            SchemaRef::from(rs),
                            &push(&rptr, "schema"),
                            dir,
                        );
                    }
                }
            }
        }
        for (rn, rh) in &r.headers {
            if b.headers.keys().any(|bn| bn.eq_ignore_ascii_case(rn)) {
                continue;
            }
            let required = matches!(rh, ReferenceOr::Item(h) if h.required)
                || header(self.r, rh, String::new()).is_some_and(|(h, _)| h.required);
            let id = match (sent, required) {
                (true, true) => "response-required-header-added",
                (true, false) => "response-header-added",
                (false, true) => "request-required-parameter-added",
                (false, false) => "request-parameter-added",
            };
            self.emit(
                id,
                None,
                Some(&push(&rhp, rn)),
                format!("Header `{rn}` was added"),
            );
        }
        self.content(&b.content, bp, &r.content, rp, dir, false);
    }

    /// Resolves a schema reference to (schema, pointer, component name).
    fn resolve(
        spec: &'a Spec,
        s: SchemaRef<'a>,
        ptr: &str,
    ) -> Option<(&'a Schema, String, Option<&'a str>)> {
        let mut cur = s;
        let mut ptr = ptr.to_string();
        let mut name = None;
        for _ in 0..64 {
            match cur {
                SchemaRef::Item(s) => return Some((s, ptr, name)),
                SchemaRef::Ref(r) => {
                    let n = r.strip_prefix("#/components/schemas/")?;
                    let target = spec.openapi.components.as_ref()?.schemas.get(n)?;
                    ptr = push("/components/schemas", n);
                    name = Some(n);
                    cur = SchemaRef::from(target);
                }
            }
        }
        None
    }

    /// Compares two schemas in direction `dir`.
    pub(crate) fn schema(
        &mut self,
        b: SchemaRef<'a>,
        bptr: &str,
        r: SchemaRef<'a>,
        rptr: &str,
        dir: Dir,
    ) {
        let (Some((bs, bp, bn)), Some((rs, rp, rn))) = (
            Self::resolve(self.b, b, bptr),
            Self::resolve(self.r, r, rptr),
        ) else {
            return;
        };
        if let (Some(bn), Some(rn)) = (bn, rn) {
            if bn != rn
                && !self
                    .memo
                    .contains_key(&(bp.clone(), rp.clone(), Dir::Request))
            {
                // Reported once per pair of names, at the first place it is seen.
                let key = (format!("rename:{bn}"), format!("rename:{rn}"), Dir::Request);
                if let std::collections::hash_map::Entry::Vacant(e) = self.memo.entry(key) {
                    e.insert(Some(Vec::new()));
                    self.emit(
                        "schema-renamed",
                        Some(&bp),
                        Some(&rp),
                        format!("Schema `{bn}` is now `{rn}`"),
                    );
                }
            }
        }
        let key = (bp.clone(), rp.clone(), dir);
        match self.memo.get(&key) {
            Some(Some(done)) => {
                let done = done.clone();
                if let Some(top) = self.frames.last_mut() {
                    top.extend(done);
                }
                return;
            }
            Some(None) => return, // in progress: a cycle
            None => {}
        }
        self.memo.insert(key.clone(), None);
        self.frames.push(Vec::new());
        let (bs, bp2, bnull) = Self::unwrap_nullable(self.b, bs, &bp);
        let (rs, rp2, rnull) = Self::unwrap_nullable(self.r, rs, &rp);
        self.schema_body(bs, &bp2, rs, &rp2, dir, (bnull, rnull));
        let touched = self.frames.pop().unwrap_or_default();
        if let Some(top) = self.frames.last_mut() {
            top.extend(touched.iter().copied());
        }
        self.memo.insert(key, Some(touched));
    }

    /// Reports schema check `<dir>-<key>-<action>`. Keyword-level changes point at the keyword
    /// itself on each side where it exists (`maxLength:` in the old and the new file).
    fn kw(&mut self, dir: Dir, key: &str, action: &str, bp: &str, rp: &str, msg: String) {
        let id = format!("{}-{key}-{action}", dir.prefix());
        let keyword = match key {
            "property" | "required-property" | "required" | "one-of" | "any-of" | "all-of" => None,
            "discriminator-mapping" => Some("discriminator"),
            _ => checks::SCHEMA_KEYWORDS
                .iter()
                .find(|k| k.key == key)
                .map(|k| k.keyword),
        };
        let (b, r) = match keyword {
            Some(k) => (
                if action == "added" {
                    bp.to_string()
                } else {
                    push(bp, k)
                },
                if action == "removed" {
                    rp.to_string()
                } else {
                    push(rp, k)
                },
            ),
            None => (bp.to_string(), rp.to_string()),
        };
        self.emit(&id, Some(&b), Some(&r), msg);
    }

    #[allow(clippy::too_many_arguments)]
    fn bound(
        &mut self,
        dir: Dir,
        key: &str,
        keyword: &str,
        b: Option<f64>,
        r: Option<f64>,
        bp: &str,
        rp: &str,
    ) {
        let subj = self.subject(rp);
        match (b, r) {
            (Some(x), Some(y)) if x != y => {
                let action = if y > x { "increased" } else { "decreased" };
                self.kw(
                    dir,
                    key,
                    action,
                    bp,
                    rp,
                    format!(
                        "`{keyword}` of `{subj}` {action} from {} to {}",
                        fmt_num(x),
                        fmt_num(y)
                    ),
                );
            }
            (None, Some(y)) => self.kw(
                dir,
                key,
                "added",
                bp,
                rp,
                format!("`{keyword}: {}` added to `{subj}`", fmt_num(y)),
            ),
            (Some(x), None) => self.kw(
                dir,
                key,
                "removed",
                bp,
                rp,
                format!("`{keyword}: {}` removed from `{subj}`", fmt_num(x)),
            ),
            _ => {}
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn flag(&mut self, dir: Dir, key: &str, keyword: &str, b: bool, r: bool, bp: &str, rp: &str) {
        if b != r {
            let subj = self.subject(rp);
            let (action, text) = if r {
                ("added", "added to")
            } else {
                ("removed", "removed from")
            };
            self.kw(
                dir,
                key,
                action,
                bp,
                rp,
                format!("`{keyword}` {text} `{subj}`"),
            );
        }
    }

    /// 3.1 idiom: `oneOf`/`anyOf` of one schema and `{type: 'null'}` is that schema, nullable.
    fn unwrap_nullable(spec: &'a Spec, s: &'a Schema, ptr: &str) -> (&'a Schema, String, bool) {
        let (list, key) = match &s.schema_kind {
            openapiv3::SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            openapiv3::SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            _ => return (s, ptr.to_string(), false),
        };
        if list.len() != 2 {
            return (s, ptr.to_string(), false);
        }
        let is_null = |r: &'a ReferenceOr<Schema>| match r {
            ReferenceOr::Item(Schema {
                schema_kind: openapiv3::SchemaKind::Any(a),
                ..
            }) => a.typ.is_none() && a.enumeration == [Value::Null],
            _ => false,
        };
        let other = match (is_null(&list[0]), is_null(&list[1])) {
            (true, false) => 1,
            (false, true) => 0,
            _ => return (s, ptr.to_string(), false),
        };
        let branch = push(&push(ptr, key), &other.to_string());
        match Self::resolve(spec, SchemaRef::from(&list[other]), &branch) {
            Some((inner, p, _)) => (inner, p, true),
            None => (s, ptr.to_string(), false),
        }
    }

    fn schema_body(
        &mut self,
        b: &'a Schema,
        bp: &str,
        r: &'a Schema,
        rp: &str,
        dir: Dir,
        nulls: (bool, bool),
    ) {
        let mut fb = Facets::of(b);
        let mut fr = Facets::of(r);
        fb.nullable |= nulls.0;
        fr.nullable |= nulls.1;
        let subj = self.subject(rp);
        // Type.
        match (fb.ty, fr.ty) {
            (Some(x), Some(y)) if x != y => {
                let action = match (x, y) {
                    ("integer", "number") => "widened",
                    ("number", "integer") => "narrowed",
                    _ => "changed",
                };
                self.kw(
                    dir,
                    "type",
                    action,
                    bp,
                    rp,
                    format!("Type of `{subj}` {action} from `{x}` to `{y}`"),
                );
                if action == "changed" {
                    return;
                }
            }
            (None, Some(y))
                if fb.one_of.is_empty() && fb.any_of.is_empty() && fb.all_of.is_empty() =>
            {
                self.kw(
                    dir,
                    "type",
                    "narrowed",
                    bp,
                    rp,
                    format!("Type of `{subj}` narrowed to `{y}`"),
                );
            }
            (Some(x), None)
                if fr.one_of.is_empty() && fr.any_of.is_empty() && fr.all_of.is_empty() =>
            {
                self.kw(
                    dir,
                    "type",
                    "widened",
                    bp,
                    rp,
                    format!("Type of `{subj}` widened from `{x}` to any"),
                );
            }
            _ => {}
        }
        // Format.
        match (&fb.format, &fr.format) {
            (Some(x), Some(y)) if x != y => {
                let wider = |a: &str, b: &str| {
                    matches!(
                        (a, b),
                        ("int32", "int64") | ("float", "double") | ("date", "date-time")
                    )
                };
                let action = if wider(x, y) {
                    "widened"
                } else if wider(y, x) {
                    "narrowed"
                } else {
                    "changed"
                };
                self.kw(
                    dir,
                    "format",
                    action,
                    bp,
                    rp,
                    format!("Format of `{subj}` {action} from `{x}` to `{y}`"),
                );
            }
            (None, Some(y)) => self.kw(
                dir,
                "format",
                "added",
                bp,
                rp,
                format!("`format: {y}` added to `{subj}`"),
            ),
            (Some(x), None) => self.kw(
                dir,
                "format",
                "removed",
                bp,
                rp,
                format!("`format: {x}` removed from `{subj}`"),
            ),
            _ => {}
        }
        self.flag(
            dir,
            "nullable",
            "nullable",
            fb.nullable,
            fr.nullable,
            bp,
            rp,
        );
        self.bound(
            dir,
            "max-length",
            "maxLength",
            fb.max_length,
            fr.max_length,
            bp,
            rp,
        );
        self.bound(
            dir,
            "min-length",
            "minLength",
            fb.min_length,
            fr.min_length,
            bp,
            rp,
        );
        self.bound(dir, "maximum", "maximum", fb.maximum, fr.maximum, bp, rp);
        self.bound(dir, "minimum", "minimum", fb.minimum, fr.minimum, bp, rp);
        self.bound(
            dir,
            "max-items",
            "maxItems",
            fb.max_items,
            fr.max_items,
            bp,
            rp,
        );
        self.bound(
            dir,
            "min-items",
            "minItems",
            fb.min_items,
            fr.min_items,
            bp,
            rp,
        );
        self.bound(
            dir,
            "max-properties",
            "maxProperties",
            fb.max_properties,
            fr.max_properties,
            bp,
            rp,
        );
        self.bound(
            dir,
            "min-properties",
            "minProperties",
            fb.min_properties,
            fr.min_properties,
            bp,
            rp,
        );
        self.flag(
            dir,
            "exclusive-minimum",
            "exclusiveMinimum",
            fb.exclusive_minimum,
            fr.exclusive_minimum,
            bp,
            rp,
        );
        self.flag(
            dir,
            "exclusive-maximum",
            "exclusiveMaximum",
            fb.exclusive_maximum,
            fr.exclusive_maximum,
            bp,
            rp,
        );
        self.flag(
            dir,
            "unique-items",
            "uniqueItems",
            fb.unique_items,
            fr.unique_items,
            bp,
            rp,
        );
        self.flag(
            dir,
            "deprecated",
            "deprecated",
            fb.deprecated,
            fr.deprecated,
            bp,
            rp,
        );
        match (fb.multiple_of, fr.multiple_of) {
            (Some(x), Some(y)) if x != y => self.kw(
                dir,
                "multiple-of",
                "changed",
                bp,
                rp,
                format!(
                    "`multipleOf` of `{subj}` changed from {} to {}",
                    fmt_num(x),
                    fmt_num(y)
                ),
            ),
            (None, Some(y)) => self.kw(
                dir,
                "multiple-of",
                "added",
                bp,
                rp,
                format!("`multipleOf: {}` added to `{subj}`", fmt_num(y)),
            ),
            (Some(x), None) => self.kw(
                dir,
                "multiple-of",
                "removed",
                bp,
                rp,
                format!("`multipleOf: {}` removed from `{subj}`", fmt_num(x)),
            ),
            _ => {}
        }
        match (fb.pattern, fr.pattern) {
            (Some(x), Some(y)) if x != y => self.kw(
                dir,
                "pattern",
                "changed",
                bp,
                rp,
                format!("`pattern` of `{subj}` changed from `{x}` to `{y}`"),
            ),
            (None, Some(y)) => self.kw(
                dir,
                "pattern",
                "added",
                bp,
                rp,
                format!("`pattern: {y}` added to `{subj}`"),
            ),
            (Some(x), None) => self.kw(
                dir,
                "pattern",
                "removed",
                bp,
                rp,
                format!("`pattern: {x}` removed from `{subj}`"),
            ),
            _ => {}
        }
        // Enum.
        match (&fb.enumeration, &fr.enumeration) {
            (Some(x), Some(y)) => {
                let removed: Vec<&Value> = x.iter().filter(|v| !y.contains(v)).collect();
                let added: Vec<&Value> = y.iter().filter(|v| !x.contains(v)).collect();
                if !removed.is_empty() {
                    self.kw(
                        dir,
                        "enum-value",
                        "removed",
                        bp,
                        rp,
                        format!("Enum value {} removed from `{subj}`", fmt_values(&removed)),
                    );
                }
                if !added.is_empty() {
                    let relaxed =
                        dir == Dir::Response && (fb.extensible_enum || fr.extensible_enum);
                    let id = format!("{}-enum-value-added", dir.prefix());
                    self.emit_relaxed(
                        &id,
                        Some(&push(bp, "enum")),
                        Some(&push(rp, "enum")),
                        format!("Enum value {} added to `{subj}`", fmt_values(&added)),
                        relaxed,
                    );
                }
            }
            (None, Some(_)) => self.kw(
                dir,
                "enum",
                "added",
                bp,
                rp,
                format!("`enum` added to `{subj}`"),
            ),
            (Some(_), None) => self.kw(
                dir,
                "enum",
                "removed",
                bp,
                rp,
                format!("`enum` removed from `{subj}`"),
            ),
            _ => {}
        }
        // Default.
        match (fb.default, fr.default) {
            (Some(x), Some(y)) if x != y => self.kw(
                dir,
                "default",
                "changed",
                bp,
                rp,
                format!(
                    "Default of `{subj}` changed from {} to {}",
                    fmt_value(x),
                    fmt_value(y)
                ),
            ),
            (None, Some(y)) => self.kw(
                dir,
                "default",
                "added",
                bp,
                rp,
                format!("Default {} added to `{subj}`", fmt_value(y)),
            ),
            (Some(x), None) => self.kw(
                dir,
                "default",
                "removed",
                bp,
                rp,
                format!("Default {} removed from `{subj}`", fmt_value(x)),
            ),
            _ => {}
        }
        // Discriminator.
        match (fb.discriminator, fr.discriminator) {
            (Some(x), Some(y)) => {
                if x.property_name != y.property_name {
                    self.kw(
                        dir,
                        "discriminator",
                        "changed",
                        bp,
                        rp,
                        format!(
                            "Discriminator of `{subj}` changed from `{}` to `{}`",
                            x.property_name, y.property_name
                        ),
                    );
                }
                for (k, v) in &x.mapping {
                    match y.mapping.get(k) {
                        None => self.kw(dir, "discriminator-mapping", "removed", bp, rp, format!("Discriminator value `{k}` removed from `{subj}`")),
                        Some(w) if w != v => self.kw(dir, "discriminator-mapping", "changed", bp, rp, format!("Discriminator value `{k}` of `{subj}` now maps to `{w}` instead of `{v}`")),
                        _ => {}
                    }
                }
                for k in y.mapping.keys().filter(|k| !x.mapping.contains_key(*k)) {
                    self.kw(
                        dir,
                        "discriminator-mapping",
                        "added",
                        bp,
                        rp,
                        format!("Discriminator value `{k}` added to `{subj}`"),
                    );
                }
            }
            (None, Some(y)) => self.kw(
                dir,
                "discriminator",
                "changed",
                bp,
                rp,
                format!("Discriminator `{}` added to `{subj}`", y.property_name),
            ),
            (Some(x), None) => self.kw(
                dir,
                "discriminator",
                "changed",
                bp,
                rp,
                format!("Discriminator `{}` removed from `{subj}`", x.property_name),
            ),
            _ => {}
        }
        // Additional properties.
        match (fb.closed(), fr.closed()) {
            (false, true) => self.kw(
                dir,
                "additional-properties",
                "narrowed",
                bp,
                rp,
                format!("`{subj}` no longer allows additional properties"),
            ),
            (true, false) => self.kw(
                dir,
                "additional-properties",
                "widened",
                bp,
                rp,
                format!("`{subj}` now allows additional properties"),
            ),
            _ => {}
        }
        if let (
            Some(openapiv3::AdditionalProperties::Schema(x)),
            Some(openapiv3::AdditionalProperties::Schema(y)),
        ) = (fb.additional, fr.additional)
        {
            self.schema(
                SchemaRef::from(x.as_ref()),
                &push(bp, "additionalProperties"),
                SchemaRef::from(y.as_ref()),
                &push(rp, "additionalProperties"),
                dir,
            );
        }
        // Properties.
        self.properties(&fb, bp, &fr, rp, dir);
        // Items.
        if let (Some(x), Some(y)) = (fb.items, fr.items) {
            self.schema(x, &push(bp, "items"), y, &push(rp, "items"), dir);
        }
        // Composition.
        self.branches("one-of", "oneOf", fb.one_of, bp, fr.one_of, rp, dir);
        self.branches("any-of", "anyOf", fb.any_of, bp, fr.any_of, rp, dir);
        self.branches("all-of", "allOf", fb.all_of, bp, fr.all_of, rp, dir);
        match (fb.not, fr.not) {
            (None, Some(_)) => self.kw(
                dir,
                "not",
                "added",
                bp,
                rp,
                format!("`not` added to `{subj}`"),
            ),
            (Some(_), None) => self.kw(
                dir,
                "not",
                "removed",
                bp,
                rp,
                format!("`not` removed from `{subj}`"),
            ),
            (Some(x), Some(y)) => {
                // `not` flips what is allowed.
                self.schema(
                    SchemaRef::from(x),
                    &push(bp, "not"),
                    SchemaRef::from(y),
                    &push(rp, "not"),
                    dir.flip(),
                );
            }
            _ => {}
        }
    }

    fn properties(&mut self, fb: &Facets<'a>, bp: &str, fr: &Facets<'a>, rp: &str, dir: Dir) {
        let bprops = fb.properties;
        let rprops = fr.properties;
        let subj = self.subject(rp);
        let hidden = |f: &Facets<'_>| match dir {
            Dir::Request => f.read_only,
            Dir::Response => f.write_only,
        };
        let facets_of = |spec: &'a Spec, s: &'a ReferenceOr<Box<Schema>>| {
            Self::resolve(spec, SchemaRef::from(s), "").map(|(s, _, _)| Facets::of(s))
        };
        for (name, bs) in bprops.into_iter().flatten() {
            let bpp = push(&push(bp, "properties"), name);
            let bf = facets_of(self.b, bs);
            let bhidden = bf.as_ref().is_some_and(&hidden);
            match rprops.and_then(|m| m.get(name)) {
                None => {
                    if !bhidden {
                        let (deprecated, sunset) = Self::resolve(self.b, SchemaRef::from(bs), "")
                            .map(|(s, _, _)| {
                                (
                                    s.schema_data.deprecated,
                                    sunset_extension(&s.schema_data.extensions),
                                )
                            })
                            .unwrap_or((false, None));
                        let stage = Stage::of(deprecated, sunset, self.settings.today);
                        let (id, tail) = stage.removal(property_ids(dir));
                        self.emit(
                            id,
                            Some(&bpp),
                            Some(rp),
                            format!("Property `{name}` removed from `{subj}`{tail}"),
                        );
                    }
                }
                Some(rs) => {
                    let rpp = push(&push(rp, "properties"), name);
                    let sunset = |spec, s| {
                        Self::resolve(spec, SchemaRef::from(s), "")
                            .and_then(|(s, _, _)| sunset_extension(&s.schema_data.extensions))
                    };
                    if let Some((id, msg)) = sunset_moved(
                        sunset(self.b, bs),
                        sunset(self.r, rs),
                        property_sunset_ids(dir),
                    ) {
                        self.emit(
                            id,
                            Some(&bpp),
                            Some(&rpp),
                            format!("Property `{name}` of `{subj}`: {msg}"),
                        );
                    }
                    let rf = facets_of(self.r, rs);
                    let rhidden = rf.as_ref().is_some_and(&hidden);
                    if let (Some(bf), Some(rf)) = (&bf, &rf) {
                        if bf.read_only != rf.read_only {
                            self.flag(
                                dir,
                                "read-only",
                                "readOnly",
                                bf.read_only,
                                rf.read_only,
                                &bpp,
                                &rpp,
                            );
                        }
                        if bf.write_only != rf.write_only {
                            self.flag(
                                dir,
                                "write-only",
                                "writeOnly",
                                bf.write_only,
                                rf.write_only,
                                &bpp,
                                &rpp,
                            );
                        }
                    }
                    if bhidden || rhidden {
                        continue;
                    }
                    let (breq, rreq) = (fb.required.contains(name), fr.required.contains(name));
                    if breq != rreq {
                        let action = if rreq { "added" } else { "removed" };
                        self.kw(
                            dir,
                            "required",
                            action,
                            &bpp,
                            &rpp,
                            format!(
                                "Property `{subj}.{name}` became {}",
                                if rreq { "required" } else { "optional" }
                            ),
                        );
                    }
                    self.schema(SchemaRef::from(bs), &bpp, SchemaRef::from(rs), &rpp, dir);
                }
            }
        }
        for (name, rs) in rprops.into_iter().flatten() {
            if bprops.is_some_and(|m| m.contains_key(name)) {
                continue;
            }
            let rpp = push(&push(rp, "properties"), name);
            if facets_of(self.r, rs).as_ref().is_some_and(&hidden) {
                continue;
            }
            if fr.required.contains(name) {
                self.kw(
                    dir,
                    "required-property",
                    "added",
                    bp,
                    &rpp,
                    format!("Required property `{name}` added to `{subj}`"),
                );
            } else {
                self.kw(
                    dir,
                    "property",
                    "added",
                    bp,
                    &rpp,
                    format!("Optional property `{name}` added to `{subj}`"),
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn branches(
        &mut self,
        key: &str,
        keyword: &str,
        b: &'a [ReferenceOr<Schema>],
        bp: &str,
        r: &'a [ReferenceOr<Schema>],
        rp: &str,
        dir: Dir,
    ) {
        if b.is_empty() && r.is_empty() {
            return;
        }
        let subj = self.subject(rp);
        let ident = |spec: &'a Spec, s: &'a ReferenceOr<Schema>, i: usize| -> String {
            match s {
                ReferenceOr::Reference { reference } => reference.clone(),
                ReferenceOr::Item(_) => Self::resolve(spec, SchemaRef::from(s), "")
                    .and_then(|(s, _, _)| Facets::of(s).ty)
                    .map(|t| format!("type:{t}"))
                    .unwrap_or_else(|| format!("#{i}")),
            }
        };
        let bl = list(b);
        let rl = list(r);
        // Repeated identities (two inline objects) are told apart by their occurrence.
        let numbered = |v: Vec<String>| -> Vec<String> {
            let mut seen: HashMap<String, usize> = HashMap::new();
            v.into_iter()
                .map(|id| {
                    let n = seen.entry(id.clone()).or_insert(0);
                    *n += 1;
                    if *n == 1 {
                        id
                    } else {
                        format!("{id}~{n}")
                    }
                })
                .collect()
        };
        let bids = numbered(
            b.iter()
                .enumerate()
                .map(|(i, s)| ident(self.b, s, i))
                .collect(),
        );
        let rids = numbered(
            r.iter()
                .enumerate()
                .map(|(i, s)| ident(self.r, s, i))
                .collect(),
        );
        let bkp = push(bp, keyword);
        let rkp = push(rp, keyword);
        for (i, id) in bids.iter().enumerate() {
            match rids.iter().position(|x| x == id) {
                Some(j) => self.schema(
                    bl[i],
                    &push(&bkp, &i.to_string()),
                    rl[j],
                    &push(&rkp, &j.to_string()),
                    dir,
                ),
                None => self.kw(
                    dir,
                    key,
                    "removed",
                    &push(&bkp, &i.to_string()),
                    rp,
                    format!("`{keyword}` branch {} removed from `{subj}`", short(id)),
                ),
            }
        }
        for (j, id) in rids.iter().enumerate() {
            if !bids.contains(id) {
                self.kw(
                    dir,
                    key,
                    "added",
                    bp,
                    &push(&rkp, &j.to_string()),
                    format!("`{keyword}` branch {} added to `{subj}`", short(id)),
                );
            }
        }
    }
}

fn short(id: &str) -> String {
    let s = id
        .strip_prefix("#/components/schemas/")
        .or_else(|| id.strip_prefix("type:"))
        .unwrap_or(id);
    let s = s.split('~').next().unwrap_or(s);
    format!("`{s}`")
}

fn location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Query { .. } => "Query",
        Parameter::Header { .. } => "Header",
        Parameter::Path { .. } => "Path",
        Parameter::Cookie { .. } => "Cookie",
    }
}

fn style(p: &Parameter) -> String {
    let v = match p {
        Parameter::Query { style, .. } => serde_json::to_value(style),
        Parameter::Header { style, .. } => serde_json::to_value(style),
        Parameter::Path { style, .. } => serde_json::to_value(style),
        Parameter::Cookie { style, .. } => serde_json::to_value(style),
    };
    match v {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn explode(p: &Parameter) -> bool {
    let d = p.parameter_data_ref();
    d.explode.unwrap_or_else(|| style(p) == "form")
}

fn allow_empty(p: &Parameter) -> bool {
    match p {
        Parameter::Query {
            allow_empty_value, ..
        } => allow_empty_value.unwrap_or(false),
        _ => false,
    }
}

fn resolve_param<'a>(
    spec: &'a Spec,
    p: &'a ReferenceOr<Parameter>,
    ptr: String,
) -> Option<(&'a Parameter, String)> {
    let mut cur = p;
    let mut ptr = ptr;
    for _ in 0..16 {
        match cur {
            ReferenceOr::Item(i) => return Some((i, ptr)),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/parameters/")?;
                cur = spec.openapi.components.as_ref()?.parameters.get(name)?;
                ptr = push("/components/parameters", name);
            }
        }
    }
    None
}

fn header<'a>(
    spec: &'a Spec,
    h: &'a ReferenceOr<Header>,
    ptr: String,
) -> Option<(&'a Header, String)> {
    match h {
        ReferenceOr::Item(i) => Some((i, ptr)),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/headers/")?;
            match spec.openapi.components.as_ref()?.headers.get(name)? {
                ReferenceOr::Item(i) => Some((i, push("/components/headers", name))),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn status_map(op: &Operation) -> Vec<(String, &ReferenceOr<Response>)> {
    let mut out: Vec<(String, &ReferenceOr<Response>)> = op
        .responses
        .responses
        .iter()
        .map(|(k, v)| {
            let key = match k {
                StatusCode::Code(c) => c.to_string(),
                StatusCode::Range(r) => format!("{r}XX"),
            };
            (key, v)
        })
        .collect();
    if let Some(d) = &op.responses.default {
        out.push(("default".into(), d));
    }
    out
}

fn range_of(code: &str) -> Option<String> {
    (code.len() == 3 && code.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{}XX", &code[..1]))
}

/// A civil date (year, month, day).
pub type Date = (i32, u32, u32);

pub(crate) fn fmt_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

/// Parses `YYYY-MM-DD` (optionally followed by a time) or an HTTP date
/// (`Wed, 30 Jun 2027 23:59:59 GMT`).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() >= 10 && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
        let y = s.get(0..4)?.parse().ok()?;
        let m = s.get(5..7)?.parse().ok()?;
        let d = s.get(8..10)?.parse().ok()?;
        return Some((y, m, d));
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.len() >= 4 {
        let d = parts[1].parse().ok()?;
        let months = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let m = months
            .iter()
            .position(|m| parts[2].to_ascii_lowercase().starts_with(m))? as u32
            + 1;
        let y = parts[3].parse().ok()?;
        return Some((y, m, d));
    }
    None
}

/// The sunset date of an operation: `x-sunset`, or the example of a `Sunset` response header
/// (inline or `$ref`'d).
/// The ids of a removed operation, by [`Stage`].
const OPERATION_IDS: StageIds = [
    "operation-removed",
    "deprecated-operation-removed",
    "operation-removed-before-sunset",
    "operation-removed-after-sunset",
];

/// The ids of a removed parameter or header: request side (what the server accepts) or sent
/// by the API owner (response headers, webhook parameters).
fn header_ids(sent: bool, required: bool) -> StageIds {
    match (sent, required) {
        (false, _) => [
            "request-parameter-removed",
            "request-deprecated-parameter-removed",
            "request-parameter-removed-before-sunset",
            "request-parameter-removed-after-sunset",
        ],
        (true, live_required) => [
            if live_required {
                "response-required-header-removed"
            } else {
                "response-header-removed"
            },
            "response-deprecated-header-removed",
            "response-header-removed-before-sunset",
            "response-header-removed-after-sunset",
        ],
    }
}

/// The (earlier, later) sunset ids of a parameter or header.
fn sunset_ids(sent: bool) -> (&'static str, &'static str) {
    if sent {
        (
            "response-header-sunset-decreased",
            "response-header-sunset-increased",
        )
    } else {
        (
            "request-parameter-sunset-decreased",
            "request-parameter-sunset-increased",
        )
    }
}

/// The ids of a removed property, by [`Stage`].
fn property_ids(dir: Dir) -> StageIds {
    match dir {
        Dir::Request => [
            "request-property-removed",
            "request-deprecated-property-removed",
            "request-property-removed-before-sunset",
            "request-property-removed-after-sunset",
        ],
        Dir::Response => [
            "response-property-removed",
            "response-deprecated-property-removed",
            "response-property-removed-before-sunset",
            "response-property-removed-after-sunset",
        ],
    }
}

/// The (earlier, later) sunset ids of a property.
fn property_sunset_ids(dir: Dir) -> (&'static str, &'static str) {
    match dir {
        Dir::Request => (
            "request-property-sunset-decreased",
            "request-property-sunset-increased",
        ),
        Dir::Response => (
            "response-property-sunset-decreased",
            "response-property-sunset-increased",
        ),
    }
}

/// `deprecated: true`, or a `Deprecation` response header (RFC 9745) declared.
fn deprecated_op(spec: &Spec, op: &Operation) -> bool {
    op.deprecated || !response_headers(spec, op, "deprecation").is_empty()
}

/// The response headers called `name` (case-insensitive) over every response of `op`.
fn response_headers<'a>(spec: &'a Spec, op: &'a Operation, name: &str) -> Vec<&'a Header> {
    let mut out = Vec::new();
    for r in op.responses.responses.values() {
        let resp = match r {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|n| spec.openapi.components.as_ref()?.responses.get(n))
                .and_then(|r| r.as_item()),
        };
        let Some(resp) = resp else { continue };
        for (n, h) in &resp.headers {
            if n.eq_ignore_ascii_case(name) {
                if let Some((h, _)) = header(spec, h, String::new()) {
                    out.push(h);
                }
            }
        }
    }
    out
}

/// The sunset date of `op`: its `x-sunset`, or the example of a `Sunset` response header
/// (RFC 8594).
fn sunset_of(spec: &Spec, op: &Operation) -> Option<Date> {
    if let Some(d) = sunset_extension(&op.extensions) {
        return Some(d);
    }
    response_headers(spec, op, "sunset")
        .into_iter()
        .find_map(|h| {
            let example = h.example.as_ref().or_else(|| match &h.format {
                ParameterSchemaOrContent::Schema(s) => {
                    Differ::resolve(spec, SchemaRef::from(s), "")
                        .and_then(|(s, _, _)| s.schema_data.example.as_ref())
                }
                ParameterSchemaOrContent::Content(_) => None,
            });
            match example {
                Some(Value::String(s)) => parse_date(s),
                _ => None,
            }
        })
}
