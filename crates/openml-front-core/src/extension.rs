//! Extensions: shared services built once at start-up.
//!
//! An extension is a type that implements [`Extension`] and is declared with
//! the [`extension`](crate::extension) attribute, which registers it under a
//! name. When an application starts, the extensions its blueprints require
//! (and the ones those require) are initialised in dependency order, each
//! exactly once, and kept in [`Extensions`], a typed map that blueprints read
//! from when they mount. Handlers reach them through the blueprint's API
//! struct or poem's request data, never through globals.
//!
//! ```
//! use openml_front_core::{Extension, ExtensionContext, StartupError, extension};
//!
//! /// Counts greetings.
//! pub struct Greeter {
//!     pub greeting: String,
//! }
//!
//! #[extension(name = "greeter")]
//! impl Extension for Greeter {
//!     async fn init(_ctx: &ExtensionContext<'_>) -> Result<Self, StartupError> {
//!         Ok(Greeter { greeting: "hello".into() })
//!     }
//! }
//! ```

use std::any::{Any, TypeId};
use std::collections::{BTreeSet, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::config::Settings;
use crate::error::StartupError;

/// A service built once at start-up and shared by blueprints.
pub trait Extension: Send + Sync + Sized + 'static {
    /// Builds the extension. Extensions named in `requires` of its
    /// declaration are already in `ctx`.
    fn init(ctx: &ExtensionContext<'_>) -> impl Future<Output = Result<Self, StartupError>> + Send;
}

/// What an extension's `init` can read: the settings and the extensions
/// initialised before it.
pub struct ExtensionContext<'a> {
    /// The application's settings.
    pub settings: &'a Settings,
    /// The extensions initialised so far.
    pub extensions: &'a Extensions,
}

impl ExtensionContext<'_> {
    /// An extension this one declared in `requires`.
    pub fn get<T: Any + Send + Sync>(&self) -> Result<Arc<T>, StartupError> {
        self.extensions.require::<T>()
    }
}

/// A boxed future, as the registration's `init` returns it.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// An initialised extension, type-erased.
pub type AnyExtension = Arc<dyn Any + Send + Sync>;

/// The registration of an extension, collected from every linked crate.
/// Written by the [`extension`](crate::extension) attribute.
pub struct ExtensionDecl {
    /// The name blueprints and other extensions require it by.
    pub name: &'static str,
    /// Names of the extensions it needs.
    pub requires: &'static [&'static str],
    /// The Rust type of the extension.
    pub type_id: fn() -> TypeId,
    /// The Rust type name, for messages.
    pub type_name: fn() -> &'static str,
    /// Builds it.
    pub init:
        for<'a> fn(&'a ExtensionContext<'a>) -> BoxFuture<'a, Result<AnyExtension, StartupError>>,
}

impl std::fmt::Debug for ExtensionDecl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtensionDecl")
            .field("name", &self.name)
            .field("requires", &self.requires)
            .field("type", &(self.type_name)())
            .finish()
    }
}

inventory::collect!(ExtensionDecl);

/// Every extension declaration in the linked crates.
pub fn declared_extensions() -> impl Iterator<Item = &'static ExtensionDecl> {
    inventory::iter::<ExtensionDecl>.into_iter()
}

/// Finds an extension declaration by name.
pub fn find_extension(name: &str) -> Option<&'static ExtensionDecl> {
    declared_extensions().find(|decl| decl.name == name)
}

/// Initialised extensions, by type.
#[derive(Default, Clone)]
pub struct Extensions {
    by_type: HashMap<TypeId, (&'static str, AnyExtension)>,
}

impl Extensions {
    /// The extension of type `T`, if it was initialised.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let (_, value) = self.by_type.get(&TypeId::of::<T>())?;
        value.clone().downcast::<T>().ok()
    }

    /// The extension of type `T`, or an error naming it.
    pub fn require<T: Any + Send + Sync>(&self) -> Result<Arc<T>, StartupError> {
        self.get::<T>().ok_or_else(|| {
            let name = declared_extensions()
                .find(|decl| (decl.type_id)() == TypeId::of::<T>())
                .map(|decl| decl.name)
                .unwrap_or_else(std::any::type_name::<T>);
            StartupError::ExtensionNotRequired(name.to_string())
        })
    }

    /// Adds an initialised extension.
    pub fn insert(&mut self, name: &'static str, type_id: TypeId, value: AnyExtension) {
        self.by_type.insert(type_id, (name, value));
    }

    /// Names of the initialised extensions.
    pub fn names(&self) -> BTreeSet<&'static str> {
        self.by_type.values().map(|(name, _)| *name).collect()
    }
}

/// Orders the extensions that `wanted` need (with everything they need in
/// turn) so that each comes after its requirements. `wanted` pairs a
/// requirer's description (`blueprint `user``) with an extension name.
pub fn resolve_order(
    wanted: &[(String, &'static str)],
) -> Result<Vec<&'static ExtensionDecl>, StartupError> {
    let mut order = Vec::new();
    let mut visiting = Vec::new();

    for (requirer, name) in wanted {
        visit(requirer, name, &mut visiting, &mut order)?;
    }
    Ok(order)
}

fn visit(
    requirer: &str,
    name: &'static str,
    visiting: &mut Vec<&'static str>,
    order: &mut Vec<&'static ExtensionDecl>,
) -> Result<(), StartupError> {
    if order.iter().any(|decl| decl.name == name) {
        return Ok(());
    }
    if let Some(start) = visiting.iter().position(|seen| *seen == name) {
        let mut cycle: Vec<&str> = visiting[start..].to_vec();
        cycle.push(name);
        return Err(StartupError::ExtensionCycle(cycle.join(" -> ")));
    }

    let decl = find_extension(name).ok_or_else(|| StartupError::MissingExtension {
        requirer: requirer.to_string(),
        missing: name.to_string(),
        known: known_extension_names(),
    })?;

    visiting.push(name);
    let requirer_of_deps = format!("extension `{name}`");
    for dep in decl.requires {
        visit(&requirer_of_deps, dep, visiting, order)?;
    }
    visiting.pop();

    order.push(decl);
    Ok(())
}

/// Every declared extension name, sorted and comma-separated.
pub fn known_extension_names() -> String {
    let names: BTreeSet<&str> = declared_extensions().map(|decl| decl.name).collect();
    names.into_iter().collect::<Vec<_>>().join(", ")
}

/// Initialises the extensions in `order`, one after the other.
pub async fn init_all(
    settings: &Settings,
    order: &[&'static ExtensionDecl],
) -> Result<Extensions, StartupError> {
    let mut extensions = Extensions::default();

    for decl in order {
        let started = std::time::Instant::now();
        let ctx = ExtensionContext {
            settings,
            extensions: &extensions,
        };
        let value = (decl.init)(&ctx).await?;
        extensions.insert(decl.name, (decl.type_id)(), value);
        tracing::debug!(
            extension = decl.name,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "extension ready"
        );
    }
    Ok(extensions)
}

/// Boxes the `init` of an extension type; used by the attribute macro.
#[doc(hidden)]
pub fn init_erased<'a, T: Extension>(
    ctx: &'a ExtensionContext<'a>,
) -> BoxFuture<'a, Result<AnyExtension, StartupError>> {
    Box::pin(async move {
        let value = T::init(ctx).await?;
        Ok(Arc::new(value) as AnyExtension)
    })
}
