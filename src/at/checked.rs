//! "Parse, don't validate": a setting can only become part of a command through [`Checked`],
//! whose one constructor runs the setting's validation.

use super::value::ValidationError;
use std::ops::Deref;

/// A setting whose values can be checked against the manual's limits.
pub trait Validate {
    /// Every problem, in field order (forms show each under its field).
    fn problems(&self) -> Vec<ValidationError>;

    /// The first problem, if any.
    fn validate(&self) -> Result<(), ValidationError> {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// A value that passed its validation. It can only be built by [`Checked::new`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked<T>(T);

impl<T: Validate> Checked<T> {
    /// Validate `value`; on success it can be rendered into a command.
    pub fn new(value: T) -> Result<Self, ValidationError> {
        value.validate()?;
        Ok(Self(value))
    }

    /// The validated value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Checked<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Collect the first error of each check into a list (helper for [`Validate::problems`]).
pub fn collect(
    checks: impl IntoIterator<Item = Result<(), ValidationError>>,
) -> Vec<ValidationError> {
    checks.into_iter().filter_map(Result::err).collect()
}
