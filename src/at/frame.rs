//! Placeholder matching the framer helper's brief; replaced on merge.
use super::{error_code::ModuleError, urc::Urc};
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub kind: FrameKind,
    pub raw: Vec<u8>,
}
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameKind {
    Echo(String),
    Info { name: String, body: String },
    Ok,
    Error(ModuleError),
    Prompt(Prompt),
    Urc(Urc),
    Body(Vec<u8>),
    Data(Vec<u8>),
    Blank,
}
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prompt {
    Single,
    Double,
}
