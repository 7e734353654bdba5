//! Python's `repr(float)` (also `str(float)`): the one float formatter used by
//! messages and by what the backend writes for the SDK, so both print a float
//! exactly as the Python side would.

/// `repr(f)` in Python: `2.0`, `0.0001`, `1e-05`, `1e+16`, `1234567.0`.
pub(crate) fn python_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let abs = f.abs();
    // Python switches to exponent notation outside [1e-4, 1e16).
    if abs != 0.0 && !(1e-4..1e16).contains(&abs) {
        // Rust's `{:e}` gives the shortest round-trip digits like Python's repr.
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let s = format!("{f}");
    if s.contains('.') { s } else { format!("{s}.0") }
}

#[cfg(test)]
mod tests {
    use super::python_float_repr;

    #[test]
    fn floats_print_like_python_repr() {
        for (value, python) in [
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1e16, "1e+16"),
            (1234567.0, "1234567.0"),
            (2.0, "2.0"),
            (0.5, "0.5"),
            (60.0, "60.0"),
            (30.5, "30.5"),
            (1.5e20, "1.5e+20"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (9999999999999998.0, "9999999999999998.0"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(python_float_repr(value), python, "{value:?}");
        }
    }
}
