//! Numbers and words as the report prints them: thousands separators, percentages, signed
//! decimals with a true minus sign, plurals, and lists joined with "and".

/// An integer with thousands separators: 10000 → "10,000".
pub fn int(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count held as a float (degrees read from CSV): whole numbers without decimals.
pub fn count(x: f64) -> String {
    if x.fract() == 0.0 && (0.0..1e15).contains(&x) {
        int(x as u64)
    } else {
        dec(x, 1)
    }
}

/// A group name in brackets after a person: " (Bank)". A name already in brackets, such as
/// the merged "(small groups)" of `--min-group-size`, is not bracketed twice.
pub fn in_brackets(group: &str) -> String {
    if group.starts_with('(') && group.ends_with(')') {
        format!(" {group}")
    } else {
        format!(" ({group})")
    }
}

/// A share in [0, 1] as a percentage: "34%", "3.3%", "under 0.1%". Never rounds a share
/// above 0 to "0%", nor one below 1 to "100%".
pub fn pct(x: f64) -> String {
    let p = x * 100.0;
    if p <= 0.0 {
        "0%".into()
    } else if p < 0.1 {
        "under 0.1%".into()
    } else if p < 9.95 {
        format!("{}%", trim(format!("{p:.1}")))
    } else if x < 1.0 && p >= 99.5 {
        format!("{}%", trim(format!("{:.1}", p.min(99.9))))
    } else {
        format!("{p:.0}%")
    }
}

fn trim(s: String) -> String {
    match s.strip_suffix(".0") {
        Some(t) => t.to_string(),
        None => s,
    }
}

/// `x` with `places` decimals and a true minus sign: −0.57.
pub fn dec(x: f64, places: usize) -> String {
    let s = format!("{:.*}", places, x + 0.0);
    match s.strip_prefix('-') {
        // "-0.00" is zero.
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        Some(rest) => format!("−{rest}"),
        None => s,
    }
}

/// The plural of a group word: office → offices, company → companies, branch → branches.
pub fn plural_of(word: &str) -> String {
    let vowel_before_y = word
        .strip_suffix('y')
        .and_then(|w| w.chars().last())
        .is_some_and(|c| "aeiou".contains(c));
    if word.ends_with('y') && !vowel_before_y && word.len() > 1 {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// "1 office", "3 offices", "1,005 people".
pub fn n_of(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", int(n), if n == 1 { one } else { many })
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The first letter in upper case.
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_once() {
        assert_eq!(in_brackets("Bank"), " (Bank)");
        assert_eq!(in_brackets("(small groups)"), " (small groups)");
        assert_eq!(in_brackets("(x"), " ((x)");
    }

    #[test]
    fn numbers() {
        assert_eq!(int(0), "0");
        assert_eq!(int(892), "892");
        assert_eq!(int(10_000), "10,000");
        assert_eq!(int(1_234_567), "1,234,567");
        assert_eq!(count(26.0), "26");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(0.0004), "under 0.1%");
        assert_eq!(pct(0.03259259259259259), "3.3%");
        assert_eq!(pct(0.01), "1%");
        assert_eq!(pct(0.34), "34%");
        assert_eq!(pct(0.5), "50%");
        assert_eq!(pct(0.9996), "99.9%");
        assert_eq!(pct(1.0), "100%");
        assert_eq!(dec(-0.5695, 2), "−0.57");
        assert_eq!(dec(-0.001, 2), "0.00");
        assert_eq!(dec(0.7665, 2), "0.77");
    }

    #[test]
    fn words() {
        assert_eq!(plural_of("office"), "offices");
        assert_eq!(plural_of("company"), "companies");
        assert_eq!(plural_of("day"), "days");
        assert_eq!(plural_of("branch"), "branches");
        assert_eq!(n_of(1, "person", "people"), "1 person");
        assert_eq!(n_of(1005, "person", "people"), "1,005 people");
        let l = |v: &[&str]| and_list(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&["a"]), "a");
        assert_eq!(l(&["a", "b", "c"]), "a, b and c");
        assert_eq!(capital("office"), "Office");
        assert_eq!(capital("ängste"), "Ängste");
    }
}
