//! Wall-clock time as the OpenML tables store it: unix seconds.

/// Seconds since the unix epoch, now.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64)
}

/// Now, as the `u32` that OpenML's unsigned `int(11)` columns hold.
pub fn unix_now_u32() -> u32 {
    u32::try_from(unix_now()).unwrap_or(u32::MAX)
}
