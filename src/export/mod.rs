//! Export of an analysed network for other tools: GraphML ([`graphml::graphml`]) for NetworkX,
//! igraph, yEd and Gephi, and GEXF 1.3 ([`gexf::gexf`]) for Gephi.
//!
//! Both writers are pure functions from a network (people with a group and any number of named
//! numeric columns, and weighted directed ties) to bytes; the caller writes them. A missing value
//! (`None`, or a value that is not finite) is left out of the file, which both formats read as
//! "no value". The readers ([`graphml::read_graphml`], [`gexf::read_gexf`]) read back what the
//! writers write, for round-trip tests and for users who want the files back.

pub mod gexf;
pub mod graphml;

/// A network as the readers give it back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    /// Person ids, in file order.
    pub ids: Vec<String>,
    /// Group of each person (empty when the file has none).
    pub groups: Vec<String>,
    /// Named numeric columns, each with one value per person.
    pub columns: Vec<(String, Vec<Option<f64>>)>,
    /// Directed ties (source index, target index, weight), in file order.
    pub ties: Vec<(u32, u32, f64)>,
}

/// A file that the readers cannot read back.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReadError(pub String);

/// Shortest text that reads back to the same `f64` (`ryu`); `None` for values that are not
/// finite (they are left out of the files).
pub(crate) fn number(x: f64) -> Option<String> {
    x.is_finite()
        .then(|| ryu::Buffer::new().format_finite(x).to_string())
}

pub(crate) fn xml_error(e: impl std::fmt::Display) -> ReadError {
    ReadError(format!("invalid XML: {e}"))
}

/// The value of attribute `name` of an element, unescaped.
pub(crate) fn attr(
    e: &quick_xml::events::BytesStart,
    name: &str,
    decoder: quick_xml::encoding::Decoder,
) -> Result<Option<String>, ReadError> {
    for a in e.attributes() {
        let a = a.map_err(xml_error)?;
        if a.key.as_ref() == name.as_bytes() {
            return Ok(Some(
                a.decode_and_unescape_value(decoder)
                    .map_err(xml_error)?
                    .into_owned(),
            ));
        }
    }
    Ok(None)
}

pub(crate) fn parse_number(s: &str, what: &str) -> Result<f64, ReadError> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| ReadError(format!("{what}: \"{s}\" is not a number")))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Network;

    /// A small network with awkward text (XML metacharacters, accents), a missing value and a
    /// value that needs all 17 digits.
    pub fn sample() -> Network {
        Network {
            ids: vec!["a&b".into(), "Zoë <z>".into(), "c\"q\"".into()],
            groups: vec!["Acme & Co".into(), "Bridge".into(), "Acme & Co".into()],
            columns: vec![
                ("betweenness".into(), vec![Some(0.1 + 0.2), None, Some(0.0)]),
                (
                    "in_degree".into(),
                    vec![Some(2.0), Some(1.0), Some(-3.5e-9)],
                ),
            ],
            ties: vec![(0, 1, 1.0), (1, 0, 2.5), (2, 0, 0.125), (0, 2, 3.0)],
        }
    }

    pub fn columns(n: &Network) -> Vec<(&str, Vec<Option<f64>>)> {
        n.columns
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect()
    }
}
