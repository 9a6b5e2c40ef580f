//! Nothing here: this package holds the examples and the integration tests.
