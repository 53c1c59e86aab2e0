//! Case data as the analysis sees it: typed columns, one value per child.
//!
//! Case ids and free text are checked by the validate stage and then dropped: they are not in
//! these types at all, so nothing downstream can publish them.

use time::Date;

use crate::model::FieldRole;

/// The checked case records of one audit.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseData {
    pub children: usize,
    pub fields: Vec<Field>,
}

impl CaseData {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn by_role(&self, role: FieldRole) -> Option<&Field> {
        self.fields.iter().find(|f| f.role == Some(role))
    }
}

/// One column of case data.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub role: Option<FieldRole>,
    /// How an empty cell reads in tables ("Not looked after"); `None` means "Not recorded".
    pub missing: Option<String>,
    /// Its categories have a natural order (bands, ages, levels), kept in charts.
    pub ordered: bool,
    pub values: Values,
}

/// A category's code and its meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Integer(Vec<Option<i64>>),
    Number(Vec<Option<f64>>),
    /// Each child's category, as an index into `categories` (bands keep their order).
    Category {
        categories: Vec<Category>,
        values: Vec<Option<usize>>,
    },
    /// Each child's categories (services received, say), as indexes into `categories`.
    Multi {
        categories: Vec<Category>,
        values: Vec<Vec<usize>>,
    },
    YesNo(Vec<Option<bool>>),
    Date(Vec<Option<Date>>),
}

/// The checked case data of every audit, by the project's audit order. Kept apart from the
/// project so the render stage, which only gets the project and the published evidence, cannot
/// reach a case record.
#[derive(Debug, Clone, Default)]
pub struct CaseBook {
    pub audits: Vec<Option<CaseData>>,
}
