//! The hasher of the maps keyed by what clients send (query keys, cookie names).

/// foldhash, seeded at random per map: what hashbrown itself uses by default. It resists simple
/// hash flooding, and on the few short keys of a request it costs a fraction of std's SipHash,
/// which measured about 400 instructions per request on two query keys.
pub(crate) type KeyHasher = foldhash::fast::RandomState;
