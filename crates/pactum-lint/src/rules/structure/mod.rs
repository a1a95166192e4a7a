//! Structural correctness of the document.

mod array_items_missing;
mod callback_has_callbacks;
mod contact_properties_missing;
mod default_invalid;
mod enum_duplicate_value;
mod enum_value_type_mismatch;
mod example_invalid;
mod examples_value_and_external_value;
mod info_contact_missing;
mod info_description_missing;
mod info_license_missing;
mod license_url_missing;
mod link_operation_undefined;
mod markdown_eval;
mod markdown_script_tag;
mod media_example_and_examples;
mod operation_description_missing;
mod operation_id_missing;
mod operation_id_not_url_safe;
mod operation_id_unique;
mod operation_success_response_missing;
mod operation_tag_undefined;
mod operation_tags_missing;
mod parameter_description_missing;
mod parameter_duplicate;
mod path_has_query_or_fragment;
mod path_parameter_not_declared;
mod path_parameter_not_in_template;
mod path_parameter_not_required;
mod path_template_duplicate;
mod path_template_invalid;
mod path_trailing_slash;
mod pattern_invalid;
mod ref_siblings;
mod request_body_ignored;
mod runtime_expression_invalid;
mod server_url_invalid;
mod server_url_trailing_slash;
mod server_variable_default_not_in_enum;
mod server_variable_undefined;
mod server_variable_unused;
mod servers_missing;
mod tag_description_missing;
mod tag_duplicate;
mod unused_component;
mod webhook_has_callbacks;
mod webhook_has_servers;

pub use array_items_missing::ArrayItemsMissing;
pub use callback_has_callbacks::CallbackHasCallbacks;
pub use contact_properties_missing::ContactPropertiesMissing;
pub use default_invalid::DefaultInvalid;
pub use enum_duplicate_value::EnumDuplicateValue;
pub use enum_value_type_mismatch::EnumValueTypeMismatch;
pub use example_invalid::ExampleInvalid;
pub use examples_value_and_external_value::ExamplesValueAndExternalValue;
pub use info_contact_missing::InfoContactMissing;
pub use info_description_missing::InfoDescriptionMissing;
pub use info_license_missing::InfoLicenseMissing;
pub use license_url_missing::LicenseUrlMissing;
pub use link_operation_undefined::LinkOperationUndefined;
pub use markdown_eval::MarkdownEval;
pub use markdown_script_tag::MarkdownScriptTag;
pub use media_example_and_examples::MediaExampleAndExamples;
pub use operation_description_missing::OperationDescriptionMissing;
pub use operation_id_missing::OperationIdMissing;
pub use operation_id_not_url_safe::OperationIdNotUrlSafe;
pub use operation_id_unique::OperationIdUnique;
pub use operation_success_response_missing::OperationSuccessResponseMissing;
pub use operation_tag_undefined::OperationTagUndefined;
pub use operation_tags_missing::OperationTagsMissing;
pub use parameter_description_missing::ParameterDescriptionMissing;
pub use parameter_duplicate::ParameterDuplicate;
pub use path_has_query_or_fragment::PathHasQueryOrFragment;
pub use path_parameter_not_declared::PathParameterNotDeclared;
pub use path_parameter_not_in_template::PathParameterNotInTemplate;
pub use path_parameter_not_required::PathParameterNotRequired;
pub use path_template_duplicate::PathTemplateDuplicate;
pub use path_template_invalid::PathTemplateInvalid;
pub use path_trailing_slash::PathTrailingSlash;
pub use pattern_invalid::PatternInvalid;
pub use ref_siblings::RefSiblings;
pub use request_body_ignored::RequestBodyIgnored;
pub use runtime_expression_invalid::RuntimeExpressionInvalid;
pub use server_url_invalid::ServerUrlInvalid;
pub use server_url_trailing_slash::ServerUrlTrailingSlash;
pub use server_variable_default_not_in_enum::ServerVariableDefaultNotInEnum;
pub use server_variable_undefined::ServerVariableUndefined;
pub use server_variable_unused::ServerVariableUnused;
pub use servers_missing::ServersMissing;
pub use tag_description_missing::TagDescriptionMissing;
pub use tag_duplicate::TagDuplicate;
pub use unused_component::UnusedComponent;
pub use webhook_has_callbacks::WebhookHasCallbacks;
pub use webhook_has_servers::WebhookHasServers;

/// Every parameter written out in the document: inline in a path item or operation (pointer
/// `…/parameters/<i>/name`, `false`) and in `components.parameters` (its component pointer,
/// `true`: report at the key). `$ref`s are skipped, so each definition is reported once, where
/// it is written. Without `sent`, parameters of webhooks and callbacks (which the API itself
/// sends) are left out.
pub(crate) fn written_parameters<'a>(
    cx: &'a crate::rule::Context<'_>,
    sent: bool,
) -> Vec<(String, bool, &'a openapiv3::Parameter)> {
    use openapiv3::ReferenceOr;
    let index = cx.index();
    let inline = index
        .path_items
        .iter()
        .filter(|s| sent || (!s.in_webhook && !s.in_callback))
        .map(|s| (&s.pointer, &s.item.parameters))
        .chain(
            index
                .operations
                .iter()
                .filter(|s| sent || (!s.in_webhook && !s.in_callback))
                .map(|s| (&s.pointer, &s.operation.parameters)),
        );
    let mut out = Vec::new();
    for (owner, list) in inline {
        for (i, r) in list.iter().enumerate() {
            if let ReferenceOr::Item(p) = r {
                out.push((format!("{owner}/parameters/{i}/name"), false, p));
            }
        }
    }
    if let Some(components) = &cx.spec.openapi.components {
        for (name, r) in &components.parameters {
            if let ReferenceOr::Item(p) = r {
                out.push((
                    pactum_spec::ComponentKind::Parameters.pointer(name),
                    true,
                    p,
                ));
            }
        }
    }
    out
}
