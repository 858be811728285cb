//! One OpenAPI document for every mounted blueprint.
//!
//! poem-openapi builds a document per API type. Blueprints are chosen at
//! run time, so their documents are merged here: paths get the blueprint's
//! prefix, and schemas, security schemes and tags are united.

use serde_json::{Map, Value, json};

/// The merged OpenAPI document of an application.
#[derive(Debug, Clone)]
pub struct ApiDocument {
    json: Value,
}

impl Default for ApiDocument {
    fn default() -> Self {
        Self {
            json: json!({
                "openapi": "3.0.0",
                "info": {
                    "title": "openml-front",
                    "version": env!("CARGO_PKG_VERSION"),
                    "description": "The routes of an OpenML website backend."
                },
                "paths": {},
                "components": {},
                "tags": []
            }),
        }
    }
}

const HTTP_METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl ApiDocument {
    /// The document as JSON.
    pub fn json(&self) -> &Value {
        &self.json
    }

    /// Adds one poem-openapi document, its paths under `prefix`.
    pub fn merge(&mut self, spec: &Value, prefix: &str) {
        if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
            let target = object_at(&mut self.json, "paths");
            for (path, item) in paths {
                let full = if path == "/" && !prefix.is_empty() {
                    prefix.to_string()
                } else {
                    format!("{prefix}{path}")
                };
                target.insert(full, item.clone());
            }
        }

        if let Some(components) = spec.get("components").and_then(Value::as_object) {
            for (kind, entries) in components {
                let Some(entries) = entries.as_object() else {
                    continue;
                };
                let target = object_at(object_at_value(&mut self.json, "components"), kind);
                for (name, entry) in entries {
                    target.insert(name.clone(), entry.clone());
                }
            }
        }

        if let Some(tags) = spec.get("tags").and_then(Value::as_array)
            && let Some(target) = self.json.get_mut("tags").and_then(Value::as_array_mut)
        {
            for tag in tags {
                if !target.contains(tag) {
                    target.push(tag.clone());
                }
            }
        }
    }

    /// The paths of a poem-openapi document and the (upper-case) methods
    /// each takes.
    pub fn paths_and_methods(spec: &Value) -> Vec<(String, Vec<String>)> {
        let Some(paths) = spec.get("paths").and_then(Value::as_object) else {
            return Vec::new();
        };

        paths
            .iter()
            .map(|(path, item)| {
                let methods = HTTP_METHODS
                    .iter()
                    .filter(|method| item.get(**method).is_some())
                    .map(|method| method.to_ascii_uppercase())
                    .collect();
                (path.clone(), methods)
            })
            .collect()
    }
}

fn object_at<'a>(value: &'a mut Value, key: &str) -> &'a mut Map<String, Value> {
    let slot = object_at_value(value, key);
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    match slot {
        Value::Object(map) => map,
        _ => unreachable!("the slot was just made an object"),
    }
}

fn object_at_value<'a>(value: &'a mut Value, key: &str) -> &'a mut Value {
    if !value.is_object() {
        *value = Value::Object(Map::new());
    }
    let Value::Object(map) = value else {
        unreachable!("the value was just made an object")
    };
    map.entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()))
}

/// Rewrites an OpenAPI path template (`/a/{id}`) into poem's (`/a/:id`).
pub fn poem_path(path: &str) -> String {
    path.split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!(":{name}"),
                None => segment.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// A Swagger UI page showing `spec`.
///
/// Note: poem-openapi only renders its bundled Swagger UI for a document it
/// built itself, so the page is rendered for an empty API and its embedded
/// document is swapped for the merged one.
pub fn swagger_html(spec: &str) -> String {
    let empty = poem_openapi::OpenApiService::new((), "openml-front", env!("CARGO_PKG_VERSION"));
    let empty_spec = empty.spec();
    empty.swagger_ui_html().replacen(&empty_spec, spec, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_poem_params() {
        assert_eq!(poem_path("/bookmarks/{id}"), "/bookmarks/:id");
        assert_eq!(poem_path("/signup"), "/signup");
    }

    #[test]
    fn merge_prefixes_paths_and_unites_schemas() {
        let mut doc = ApiDocument::default();
        doc.merge(
            &json!({"paths": {"/a": {"get": {}}}, "components": {"schemas": {"A": {}}}}),
            "/x",
        );
        doc.merge(
            &json!({"paths": {"/b": {"post": {}}}, "components": {"schemas": {"B": {}}}}),
            "",
        );
        let json = doc.json();
        assert!(json["paths"]["/x/a"]["get"].is_object());
        assert!(json["paths"]["/b"]["post"].is_object());
        assert!(json["components"]["schemas"]["A"].is_object());
        assert!(json["components"]["schemas"]["B"].is_object());
    }

    #[test]
    fn swagger_page_embeds_the_merged_document() {
        let html = swagger_html(r#"{"marker":"merged-spec"}"#);
        assert!(html.contains("merged-spec"));
    }
}
