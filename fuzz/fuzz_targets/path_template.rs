//! Path templates: parsing any text never panics; a parsed template prints
//! back to itself; expanding any value either fails or gives a path that
//! matches the template back to the same value.
#![no_main]

use apigen_runtime::path_template::PathTemplate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (template, value) = text.split_once('\n').unwrap_or((&text, "x"));
    let _ = PathTemplate::parse(value);
    let Ok(parsed) = PathTemplate::parse(template) else { return };
    assert_eq!(PathTemplate::parse(&parsed.to_string()).as_ref(), Ok(&parsed));
    let _ = parsed.match_path(value);
    if let Ok(path) = parsed.expand(|_| Some(value)) {
        let captures = parsed.match_path(&path).expect("an expanded path matches its template");
        for (_, captured) in captures {
            assert_eq!(captured, value);
        }
    }
});
