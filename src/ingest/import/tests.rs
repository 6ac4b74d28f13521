//! Pipeline tests on small fixtures.
