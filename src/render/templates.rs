//! Tera templates: the theme's, overridden file by file by the project's, with every template
//! error reported at its file, line and column.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tera::{Context, ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::TemplateSource;

pub struct Templates {
    tera: Tera,
    /// Template name -> the file it came from, for error messages.
    origins: BTreeMap<String, PathBuf>,
}

impl Templates {
    /// Parses every template. Syntax errors of all templates are reported together.
    pub fn new(sources: &[TemplateSource]) -> Result<Templates, Diagnostics> {
        let origins: BTreeMap<String, PathBuf> = sources
            .iter()
            .map(|s| (s.name.clone(), s.origin.clone()))
            .collect();
        let to_diagnostic = |error: tera::Error| template_diagnostic(&error, &origins, None);

        // Parse each template on its own first, so one bad template does not hide another.
        let mut diagnostics = Diagnostics::new();
        for source in sources {
            let mut alone = Tera::new();
            if let Err(error) = alone.add_raw_template(&source.name, &source.text)
                && matches!(error.kind(), ErrorKind::SyntaxError(_))
            {
                diagnostics.push(to_diagnostic(error));
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
            .map_err(|error| Diagnostics::from(to_diagnostic(error)))?;
        Ok(Templates { tera, origins })
    }

    /// Data every template sees, set once and shared by every page rather than copied into
    /// each page's context.
    pub fn set_global(&mut self, name: &'static str, value: tera::Value) {
        self.tera.global_context().insert_value(name, value);
    }

    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|error| template_diagnostic(&error, &self.origins, Some(name)))
    }
}

/// A Tera error as a diagnostic at the template's own file, line and column.
fn template_diagnostic(
    error: &tera::Error,
    origins: &BTreeMap<String, PathBuf>,
    rendering: Option<&str>,
) -> Diagnostic {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")))
    };
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let span = report.span();
            let what = if matches!(error.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::error(origin(report.filename()), format!("{what}: {}", report.message()))
                .at(span.start_line, Some(span.start_col + 1))
                .with_help("see the Tera documentation for the template language; the theme's own templates show every variable a page has")
        }
        ErrorKind::MissingParent { current, parent } => Diagnostic::error(
            origin(current),
            format!("this template extends `{parent}`, which does not exist"),
        )
        .with_help("check the name in `{% extends \"...\" %}`"),
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            rendering.map(origin).unwrap_or_default(),
            format!("the template `{name}` does not exist"),
        )
        .with_help(
            "check the name in `{% include \"...\" %}` or in the project's templates folder",
        ),
        _ => Diagnostic::error(
            rendering.map(origin).unwrap_or_default(),
            format!("template error: {error}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.to_string(),
            origin: PathBuf::from(format!("templates/{name}")),
            text: text.to_string(),
        }
    }

    #[test]
    fn syntax_errors_of_every_template_at_once() {
        let errors = Templates::new(&[
            source("a.html", "<p>{{ title </p>"),
            source("b.html", "ok"),
            source("c.html", "line\n{% if x %}no end"),
        ])
        .err()
        .unwrap()
        .into_sorted();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].file, PathBuf::from("templates/a.html"));
        assert_eq!(errors[0].line, Some(1));
        assert_eq!(errors[1].file, PathBuf::from("templates/c.html"));
    }

    #[test]
    fn rendering_error_points_into_the_template() {
        let templates = Templates::new(&[source(
            "page.html",
            "<h1>{{ page.title }}</h1>\n<p>{{ page.missing.deeper }}</p>",
        )])
        .ok()
        .unwrap();
        let mut context = Context::new();
        context.insert("page", &serde_json::json!({"title": "X"}));
        let error = templates.render("page.html", &context).unwrap_err();
        assert_eq!(error.file, PathBuf::from("templates/page.html"));
        assert_eq!(error.line, Some(2));
        assert!(
            error.message.starts_with("template error: "),
            "{}",
            error.message
        );
    }
}
