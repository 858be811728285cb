//! Attribute macros that register openml-front blueprints and extensions.
//!
//! Both attributes go on the trait implementation and add a registration
//! (through the `inventory` crate) that the application factory finds by
//! name, so an application mounts a blueprint from any linked crate by
//! naming it in its configuration, without listing it in code.
//!
//! Use them through `openml_front_core`, which re-exports them.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as TokenStream2;
use quote::quote;
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprArray, ItemImpl, Lit, LitStr, Meta, Token, parse_macro_input};

/// Declares a blueprint: `#[blueprint(name = "bookmarks", requires =
/// ["database", "tokens"])]` on `impl Blueprint for T`, where `T: Default`.
///
/// Adds `name()` (and `requires()` when given) to the implementation and
/// registers `T` under the name.
#[proc_macro_attribute]
pub fn blueprint(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemImpl);
    expand(args.into(), item, Kind::Blueprint)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Declares an extension: `#[extension(name = "tokens", requires =
/// ["database"])]` on `impl Extension for T`.
///
/// Registers `T` under the name; the factory initialises it after the
/// extensions it requires.
#[proc_macro_attribute]
pub fn extension(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = parse_macro_input!(item as ItemImpl);
    expand(args.into(), item, Kind::Extension)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

#[derive(Clone, Copy)]
enum Kind {
    Blueprint,
    Extension,
}

struct Args {
    name: LitStr,
    requires: Vec<LitStr>,
}

fn parse_args(args: TokenStream2) -> syn::Result<Args> {
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated.parse2(args.clone())?;
    let mut name = None;
    let mut requires = Vec::new();

    for meta in metas {
        let Meta::NameValue(pair) = meta else {
            return Err(syn::Error::new_spanned(
                meta,
                "expected `name = \"...\"` or `requires = [...]`",
            ));
        };
        if pair.path.is_ident("name") {
            name = Some(string_literal(&pair.value)?);
        } else if pair.path.is_ident("requires") {
            requires = string_list(&pair.value)?;
        } else {
            return Err(syn::Error::new_spanned(
                pair.path,
                "unknown argument; expected `name` or `requires`",
            ));
        }
    }

    let name = name.ok_or_else(|| syn::Error::new_spanned(&args, "missing `name = \"...\"`"))?;
    if name.value().is_empty() {
        return Err(syn::Error::new_spanned(name, "the name must not be empty"));
    }
    Ok(Args { name, requires })
}

fn string_literal(expr: &Expr) -> syn::Result<LitStr> {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(text) => Ok(text.clone()),
            other => Err(syn::Error::new_spanned(other, "expected a string literal")),
        },
        other => Err(syn::Error::new_spanned(other, "expected a string literal")),
    }
}

fn string_list(expr: &Expr) -> syn::Result<Vec<LitStr>> {
    let Expr::Array(ExprArray { elems, .. }) = expr else {
        return Err(syn::Error::new_spanned(
            expr,
            "expected a list such as `[\"database\"]`",
        ));
    };
    elems.iter().map(string_literal).collect()
}

fn expand(args: TokenStream2, mut item: ItemImpl, kind: Kind) -> syn::Result<TokenStream2> {
    let args = parse_args(args)?;
    let self_ty = item.self_ty.clone();
    let name = &args.name;
    let requires = &args.requires;

    let registration = match kind {
        Kind::Blueprint => {
            add_method(
                &mut item,
                "name",
                quote! {
                    fn name(&self) -> &'static str { #name }
                },
            )?;
            if !requires.is_empty() {
                add_method(
                    &mut item,
                    "requires",
                    quote! {
                        fn requires(&self) -> &'static [&'static str] { &[#(#requires),*] }
                    },
                )?;
            }
            quote! {
                ::openml_front_core::__private::inventory::submit! {
                    ::openml_front_core::__private::BlueprintDecl {
                        name: #name,
                        make: ::openml_front_core::__private::make_default::<#self_ty>,
                    }
                }
            }
        }
        Kind::Extension => quote! {
            ::openml_front_core::__private::inventory::submit! {
                ::openml_front_core::__private::ExtensionDecl {
                    name: #name,
                    requires: &[#(#requires),*],
                    type_id: ::std::any::TypeId::of::<#self_ty>,
                    type_name: ::std::any::type_name::<#self_ty>,
                    init: ::openml_front_core::__private::init_erased::<#self_ty>,
                }
            }
        },
    };

    Ok(quote! {
        #item
        #registration
    })
}

/// Adds a method to the implementation unless it already has one of that
/// name.
fn add_method(item: &mut ItemImpl, name: &str, method: TokenStream2) -> syn::Result<()> {
    let exists = item
        .items
        .iter()
        .any(|existing| matches!(existing, syn::ImplItem::Fn(f) if f.sig.ident == name));
    if !exists {
        item.items.push(syn::parse2(method)?);
    }
    Ok(())
}
