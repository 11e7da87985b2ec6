//! Placeholder; replaced on merge.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ModuleError {
    Plain,
    Code(u16),
    Cme(u16),
}
impl ModuleError {
    pub fn code(&self) -> Option<u16> {
        match self {
            ModuleError::Plain => None,
            ModuleError::Code(c) | ModuleError::Cme(c) => Some(*c),
        }
    }
    pub fn message(&self, _lang: crate::i18n::Lang) -> String {
        format!("{self:?}")
    }
}
