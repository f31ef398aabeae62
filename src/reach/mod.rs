//! Reachability: read-only evaluation of flows over the model.
