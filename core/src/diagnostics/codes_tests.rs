//! Tests of the code registry.

use super::*;

#[test]
fn codes_are_unique_sorted_and_documented() {
    let mut previous = "";
    for info in registry() {
        assert!(
            info.code.as_str() > previous,
            "{} out of order or repeated",
            info.code
        );
        assert!(!info.title.is_empty() && !info.explanation.is_empty());
        previous = info.code.as_str();
    }
}

#[test]
fn codes_display_parse_and_debug_as_their_text() {
    assert_eq!(Code::E0101.to_string(), "E0101");
    assert_eq!(format!("{:?}", Code::E0101), "\"E0101\"");
    assert_eq!(<&str>::from(Code::L0002), "L0002");
    assert_eq!(lookup("e0101").map(|i| i.code), Some(Code::E0101));
    assert_eq!(lookup("E9999"), None);
    assert!(Code::E0966 < Code::L0001);
}
