//! Proc macros of pactum (placeholder while the codegen library lands).
use proc_macro::TokenStream;

/// Generates code from an OpenAPI contract.
#[proc_macro]
pub fn api(input: TokenStream) -> TokenStream {
    input
}
