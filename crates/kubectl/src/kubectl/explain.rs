//! `kubectl explain TYPE[.FIELD...] [--recursive]`: the documentation of a
//! kind or field in kubectl v1.32's plaintext layout (GROUP/KIND/VERSION,
//! `FIELD: name <type>`, DESCRIPTION wrapped at 76 columns and indented 4,
//! FIELDS sorted by name with `-required-` and `enum:` lines; with
//! `--recursive` one line per field, nested two spaces per level).
//!
//! The schema is `explain.txt` (see its header): the common kinds with the
//! fields manifests use, described in our own words.

use super::{resolve_type, K};

const SCHEMA: &str = include_str!("explain.txt");

/// A field's type as explain names it.
#[derive(Clone, Debug, PartialEq)]
enum Ty {
    /// string, integer, boolean, number, or `Object` (free-form).
    Prim(String),
    /// A named schema of `explain.txt` (`leaf` or `type`).
    Named(String),
    Array(Box<Ty>),
    Map(Box<Ty>),
}

impl Ty {
    fn parse(s: &str) -> Ty {
        if let Some(rest) = s.strip_prefix("[]") {
            Ty::Array(Box::new(Ty::parse(rest)))
        } else if let Some(rest) = s.strip_prefix("map[string]") {
            Ty::Map(Box::new(Ty::parse(rest)))
        } else if matches!(s, "string" | "integer" | "boolean" | "number" | "Object") {
            Ty::Prim(s.to_string())
        } else {
            Ty::Named(s.to_string())
        }
    }
    /// kubectl's "typeGuess": `[]Container`, `map[string]string`, `Object`.
    fn guess(&self) -> String {
        match self {
            Ty::Prim(p) | Ty::Named(p) => p.clone(),
            Ty::Array(t) => format!("[]{}", t.guess()),
            Ty::Map(t) => format!("map[string]{}", t.guess()),
        }
    }
}

#[derive(Debug)]
struct Field {
    name: String,
    ty: Ty,
    required: bool,
    enums: Vec<String>,
    desc: String,
}

#[derive(Debug, Default)]
struct Schema {
    name: String,
    desc: String,
    fields: Vec<Field>,
}

struct Doc {
    types: Vec<Schema>,
}

impl Doc {
    fn parse() -> Doc {
        let mut types: Vec<Schema> = Vec::new();
        for line in SCHEMA.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line
                .strip_prefix("type ")
                .or_else(|| line.strip_prefix("leaf "))
            {
                types.push(Schema {
                    name: name.trim().to_string(),
                    ..Schema::default()
                });
                continue;
            }
            let Some(cur) = types.last_mut() else {
                continue;
            };
            if let Some(text) = line.strip_prefix("| ") {
                if !cur.desc.is_empty() {
                    cur.desc.push(' ');
                }
                cur.desc.push_str(text.trim());
                continue;
            }
            let body = line.trim();
            if body == "@object" {
                cur.fields.extend(object_fields());
                continue;
            }
            let (head, desc) = body.split_once(" | ").unwrap_or((body, ""));
            let mut words = head.split_whitespace();
            let (Some(name), Some(ty)) = (words.next(), words.next()) else {
                continue;
            };
            let mut f = Field {
                name: name.to_string(),
                ty: Ty::parse(ty),
                required: false,
                enums: Vec::new(),
                desc: desc.to_string(),
            };
            for w in words {
                if w == "!" {
                    f.required = true;
                } else if let Some(e) = w.strip_prefix("enum=") {
                    f.enums = e.split(',').map(str::to_string).collect();
                }
            }
            cur.fields.push(f);
        }
        for t in &mut types {
            cluster::sort::by(&mut t.fields, |a, b| a.name.cmp(&b.name));
        }
        Doc { types }
    }

    fn get(&self, name: &str) -> Option<&Schema> {
        self.types.iter().find(|t| t.name == name)
    }

    /// kubectl's "description" template: the schema's own text, then the
    /// text of what it refers to (array items, map values, the named type).
    fn description(&self, own: &str, ty: &Ty) -> String {
        let mut out = String::new();
        if !own.is_empty() {
            out.push_str(own);
            out.push('\n');
        }
        let mut t = ty;
        loop {
            match t {
                Ty::Array(inner) | Ty::Map(inner) => t = inner,
                Ty::Named(n) => {
                    if let Some(s) = self.get(n).filter(|s| !s.desc.is_empty()) {
                        out.push_str(&s.desc);
                        out.push('\n');
                    }
                    break;
                }
                Ty::Prim(_) => break,
            }
        }
        out
    }

    /// The named schema whose fields a type lists (through arrays and maps).
    fn fields_of(&self, ty: &Ty) -> Option<&Schema> {
        match ty {
            Ty::Array(t) | Ty::Map(t) => self.fields_of(t),
            Ty::Named(n) => self.get(n),
            Ty::Prim(_) => None,
        }
    }

    /// kubectl's "fieldList" template.
    fn field_list(
        &self,
        ty: &Ty,
        level: usize,
        recursive: bool,
        seen: &[String],
        out: &mut String,
    ) {
        let Some(schema) = self.fields_of(ty) else {
            return;
        };
        if seen.contains(&schema.name) {
            return;
        }
        let mut seen = seen.to_vec();
        seen.push(schema.name.clone());
        for f in &schema.fields {
            field_detail(f, level, recursive, out);
            if recursive {
                self.field_list(&f.ty, level + 1, recursive, &seen, out);
            }
        }
    }
}

fn object_fields() -> Vec<Field> {
    let f = |name: &str, ty: &str, desc: &str| Field {
        name: name.to_string(),
        ty: Ty::parse(ty),
        required: false,
        enums: Vec::new(),
        desc: desc.to_string(),
    };
    vec![
        f("apiVersion", "string", "The versioned schema this object is written in, such as v1 or apps/v1. The server converts the versions it knows and may reject others. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"),
        f("kind", "string", "The kind of object this is, in CamelCase, matching the endpoint it is sent to. Cannot be updated. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"),
        f("metadata", "ObjectMeta", "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"),
    ]
}

/// kubectl's "fieldDetail" template.
fn field_detail(f: &Field, level: usize, short: bool, out: &mut String) {
    let indent = level * 2;
    out.push_str(&" ".repeat(indent));
    out.push_str(&f.name);
    out.push_str(&format!("\t<{}>", f.ty.guess()));
    if f.required {
        out.push_str(" -required-");
    }
    if !f.enums.is_empty() {
        out.push('\n');
        out.push_str(&" ".repeat(indent));
        out.push_str("enum: ");
        for (i, e) in f.enums.iter().enumerate() {
            if i >= 4 {
                out.push_str(", ....");
                break;
            }
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(enum_word(e));
        }
    }
    out.push('\n');
    if !short {
        let desc = if f.desc.is_empty() {
            "<no description>"
        } else {
            &f.desc
        };
        out.push_str(&indent_text(indent + 2, &wrap(78 - indent, desc)));
        out.push_str("\n\n");
    }
}

fn enum_word(e: &str) -> &str {
    if e.is_empty() {
        "\"\""
    } else {
        e
    }
}

/// Word wrapping as go-wordwrap does it: greedy, at spaces, keeping the
/// text's own line breaks; a word longer than the limit stays whole.
fn wrap(limit: usize, s: &str) -> String {
    let mut out = String::new();
    for (i, para) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut len = 0;
        for (j, word) in para.split(' ').filter(|w| !w.is_empty()).enumerate() {
            let wl = word.chars().count();
            if j > 0 && len + 1 + wl > limit {
                out.push('\n');
                len = 0;
            } else if j > 0 {
                out.push(' ');
                len += 1;
            }
            out.push_str(word);
            len += wl;
        }
    }
    out
}

/// The template's `indent`: the pad before the text and after each newline.
fn indent_text(n: usize, s: &str) -> String {
    let pad = " ".repeat(n);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

pub fn run(k: &mut K<'_, '_, '_>) -> i32 {
    let args = k.flags.args.clone();
    let Some(first) = args.first() else {
        return k.fail("You must specify the type of resource to explain. Use \"kubectl api-resources\" for a complete list of supported resources.");
    };
    if args.len() > 1 {
        return k.fail("We accept only this format: explain RESOURCE");
    }
    let output = k.flags.str("output");
    if !output.is_empty() && output != "plaintext" {
        if output == "plaintext-openapiv2" {
            return k.fail("\"-o plaintext-openapiv2\" is not simulated in this playground");
        }
        return k.fail(&format!("unsupported output format: {output}"));
    }
    let recursive = k.flags.bool("recursive");
    let mut parts = first.split('.');
    let resource = parts.next().unwrap_or("");
    let path: Vec<&str> = parts.collect();
    let rt = match resolve_type(resource) {
        Ok(rt) => rt,
        Err(e) => return k.fail(&e),
    };
    let api_version = k.flags.str("api-version");
    if !api_version.is_empty() && api_version != rt.api_version() {
        return k.fail(&format!(
            "explaining {} in {api_version} is not simulated in this playground; the server has {}",
            rt.plural,
            rt.api_version()
        ));
    }
    let doc = Doc::parse();
    let Some(root) = doc.get(rt.kind) else {
        return k.fail(&format!(
            "explaining {} is not simulated in this playground",
            rt.plural
        ));
    };
    let mut out = String::new();
    if !rt.group.is_empty() {
        out.push_str(&format!("GROUP:      {}\n", rt.group));
    }
    out.push_str(&format!("KIND:       {}\n", rt.kind));
    out.push_str(&format!("VERSION:    {}\n\n", rt.version));
    let mut ty = Ty::Named(root.name.clone());
    let mut own_desc = String::new();
    for (i, seg) in path.iter().enumerate() {
        let field = doc
            .fields_of(&ty)
            .and_then(|s| s.fields.iter().find(|f| f.name == *seg));
        let Some(field) = field else {
            // kubectl names the last element of the path, wherever it stopped.
            let last = path.last().copied().unwrap_or(seg);
            return k.fail(&format!("field \"{last}\" does not exist"));
        };
        if i + 1 == path.len() {
            out.push_str(&format!("FIELD: {} <{}>\n", field.name, field.ty.guess()));
            if !field.enums.is_empty() {
                out.push_str("ENUM:");
                for e in &field.enums {
                    out.push_str("\n    ");
                    out.push_str(enum_word(e));
                }
            }
            out.push_str("\n\n");
        }
        own_desc = field.desc.clone();
        ty = field.ty.clone();
    }
    let desc = doc.description(&own_desc, &ty);
    let desc = if desc.is_empty() {
        "<empty>".to_string()
    } else {
        desc
    };
    out.push_str("DESCRIPTION:\n");
    out.push_str(&indent_text(4, &wrap(76, &desc)));
    out.push('\n');
    let mut fields = String::new();
    doc.field_list(&ty, 1, recursive, &[], &mut fields);
    if !fields.is_empty() {
        out.push_str("FIELDS:\n");
        out.push_str(&fields);
    }
    out.push('\n');
    k.out(&out);
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_type_is_defined_and_fields_are_described() {
        let doc = Doc::parse();
        fn named(t: &Ty) -> Option<&str> {
            match t {
                Ty::Named(n) => Some(n),
                Ty::Array(i) | Ty::Map(i) => named(i),
                Ty::Prim(_) => None,
            }
        }
        for t in &doc.types {
            assert!(!t.desc.is_empty(), "{} has no description", t.name);
            for f in &t.fields {
                assert!(
                    !f.desc.is_empty(),
                    "{}.{} has no description",
                    t.name,
                    f.name
                );
                if let Some(n) = named(&f.ty) {
                    assert!(
                        doc.get(n).is_some(),
                        "{}.{}: type {n} undefined",
                        t.name,
                        f.name
                    );
                }
            }
        }
        for kind in [
            "Pod",
            "Deployment",
            "Service",
            "Ingress",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "PersistentVolumeClaim",
            "ConfigMap",
            "Secret",
            "ReplicaSet",
            "Namespace",
            "HorizontalPodAutoscaler",
        ] {
            assert!(doc.get(kind).is_some(), "{kind}");
        }
    }

    #[test]
    fn wrap_is_greedy_and_keeps_line_breaks() {
        assert_eq!(wrap(10, "aaa bbb ccc ddd"), "aaa bbb\nccc ddd");
        assert_eq!(wrap(5, "abcdefgh ij"), "abcdefgh\nij");
        assert_eq!(wrap(76, "one.\ntwo.\n"), "one.\ntwo.\n");
        assert_eq!(indent_text(4, "a\nb\n"), "    a\n    b\n    ");
    }
}
