//! The AIPD (DPIA): screening « Dois-je faire une AIPD ? », the CNIL method (context,
//! principles, measures, risks on the 4×4 grid), the risk map and the high residual risk
//! rule, the evaluation and validation workflow, and interop with the CNIL PIA software.
//!
//! The records are in [`crate::model::aipd`]; this module decides.

pub mod assets;
pub mod pia_tool;
pub mod prefill;
pub mod risk;
pub mod screening;
pub mod workflow;
