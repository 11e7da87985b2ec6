//! Profiles: a TOML file holding every setting the forms can apply, applied to a module as one
//! job with proof (issue 4).
//!
//! - [`schema`]: the file's sections; [`load`]: reading with line numbers, saving atomically;
//!   [`paths`]: certificate paths relative to the profile file.
//! - [`check`]: validation with the protocol layer's own checks, errors named by key.
//! - [`placeholders`]: `{imei}`, `{iccid}`, `{imei_last6}`, filled from the module.
//! - [`plan`]: the ordered steps the module requires.
//! - [`runner`]: [`ApplyJob`], the non-blocking apply → verify state machine, and
//!   [`apply_blocking`] for the command line.
//! - [`verify`]: reading settings back, the expected-vs-found diff, and reading a module into a
//!   profile ([`ReadJob`]).
//! - [`health`]: [`HealthCheck`], SIM → registration → signal → data → broker.
//! - [`batch`]: one profile applied to many ports in parallel, with CSV/JSON export.
//! - [`report`]: the one-page HTML installation report.

pub mod batch;
pub mod check;
pub mod error;
pub mod fsutil;
pub mod health;
pub mod load;
pub mod paths;
pub mod placeholders;
pub mod plan;
pub mod report;
pub mod runner;
pub mod schema;
pub mod text;
pub mod timefmt;
pub mod verify;

pub use check::Certs;
pub use error::{ErrorKind, ProfileError, ProfileErrors};
pub use load::{LoadedProfile, load, save};
pub use placeholders::Identity;
pub use schema::Profile;
pub use text::Text;
