//! The `v1beta1` models (`models::Deployment`, `models::ClusterStatus`, ...), re-exported for
//! the crate's first users. They are generated from `spec/platform-v1beta1.yaml` into
//! [`crate::v1beta1::models`]; the `v1` models are in [`crate::v1::models`].

pub use crate::v1beta1::models::*;
