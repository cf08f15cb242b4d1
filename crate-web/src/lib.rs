//! The fargate-stack designer (Yew). Filled in by the designer work.
