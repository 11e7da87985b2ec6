//! The simulated CT11 module (placeholder: being written).
