//! GraphML (Brandes, Eiglsperger, Herman, Himsolt and Marshall 2001, "GraphML progress report:
//! structural layer proposal", Graph Drawing 2001, LNCS 2265): a directed graph whose nodes carry
//! `group` (string) and one `double` attribute per metric column, and whose edges carry `weight`.

use std::collections::HashMap;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{attr, number, parse_number, xml_error, Network, ReadError};

const NS: &str = "http://graphml.graphdrawing.org/xmlns";

/// Writes a network as GraphML.
///
/// Arguments: `ids[i]` and `groups[i]`, person i's id and group; `columns`, named numeric
/// columns with one value per person (`None` or a non-finite value: no `<data>` element, which
/// readers take as missing); `ties`, directed ties (source index, target index, weight).
/// Returns the UTF-8 bytes of the document (keys `d0` = group, `d1`... = the columns in order,
/// the last = edge weight).
/// Complexity: O(n · c + m) time and space for n people, c columns and m ties.
///
/// # Panics
/// If `groups` or a column has another length than `ids`, or a tie index is out of range.
pub fn graphml(
    ids: &[String],
    groups: &[String],
    columns: &[(&str, Vec<Option<f64>>)],
    ties: &[(u32, u32, f64)],
) -> Vec<u8> {
    assert_eq!(ids.len(), groups.len(), "one group per person");
    for (name, values) in columns {
        assert_eq!(
            values.len(),
            ids.len(),
            "column {name}: one value per person"
        );
    }
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    let io = |r: std::io::Result<()>| r.expect("writing XML to memory cannot fail");
    io(w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))));
    let weight_key = format!("d{}", columns.len() + 1);
    io(w
        .create_element("graphml")
        .with_attribute(("xmlns", NS))
        .with_attribute(("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"))
        .with_attribute((
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ))
        .write_inner_content(|w| {
            w.create_element("key")
                .with_attributes([
                    ("id", "d0"),
                    ("for", "node"),
                    ("attr.name", "group"),
                    ("attr.type", "string"),
                ])
                .write_empty()?;
            for (k, (name, _)) in columns.iter().enumerate() {
                let id = format!("d{}", k + 1);
                w.create_element("key")
                    .with_attributes([
                        ("id", id.as_str()),
                        ("for", "node"),
                        ("attr.name", name),
                        ("attr.type", "double"),
                    ])
                    .write_empty()?;
            }
            w.create_element("key")
                .with_attributes([
                    ("id", weight_key.as_str()),
                    ("for", "edge"),
                    ("attr.name", "weight"),
                    ("attr.type", "double"),
                ])
                .write_empty()?;
            w.create_element("graph")
                .with_attributes([("id", "G"), ("edgedefault", "directed")])
                .write_inner_content(|w| {
                    for (i, id) in ids.iter().enumerate() {
                        w.create_element("node")
                            .with_attribute(("id", id.as_str()))
                            .write_inner_content(|w| {
                                w.create_element("data")
                                    .with_attribute(("key", "d0"))
                                    .write_text_content(BytesText::new(&groups[i]))?;
                                for (k, (_, values)) in columns.iter().enumerate() {
                                    if let Some(v) = values[i].and_then(number) {
                                        let key = format!("d{}", k + 1);
                                        w.create_element("data")
                                            .with_attribute(("key", key.as_str()))
                                            .write_text_content(BytesText::new(&v))?;
                                    }
                                }
                                Ok(())
                            })?;
                    }
                    for &(s, t, wt) in ties {
                        let e = w.create_element("edge").with_attributes([
                            ("source", ids[s as usize].as_str()),
                            ("target", ids[t as usize].as_str()),
                        ]);
                        match number(wt) {
                            Some(v) => e.write_inner_content(|w| {
                                w.create_element("data")
                                    .with_attribute(("key", weight_key.as_str()))
                                    .write_text_content(BytesText::new(&v))?;
                                Ok(())
                            })?,
                            None => e.write_empty()?,
                        };
                    }
                    Ok(())
                })?;
            Ok(())
        })
        .map(|_| ()));
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// Reads back a GraphML document as [`graphml`] writes it: node ids, the `group` attribute,
/// every other `double` node attribute as a column (in key order), and edges with their
/// `weight` (1 when absent).
///
/// Errors: malformed XML, an edge naming an unknown node, a value that is not a number.
/// Complexity: O(size) time and space.
pub fn read_graphml(bytes: &[u8]) -> Result<Network, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let dec = reader.decoder();
    // key id → (for, name, type)
    let mut keys: Vec<(String, String, String, String)> = Vec::new();
    let mut net = Network::default();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut column_of: HashMap<String, usize> = HashMap::new();
    let mut in_node: Option<usize> = None;
    let mut in_edge: Option<usize> = None;
    let mut data_key: Option<String> = None;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(xml_error)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"key" => {
                    let get = |n| attr(&e, n, dec).map(Option::unwrap_or_default);
                    let k = (
                        get("id")?,
                        get("for")?,
                        get("attr.name")?,
                        get("attr.type")?,
                    );
                    if k.1 == "node" && k.2 != "group" {
                        column_of.insert(k.0.clone(), net.columns.len());
                        net.columns.push((k.2.clone(), Vec::new()));
                    }
                    keys.push(k);
                }
                b"node" => {
                    let id = attr(&e, "id", dec)?
                        .ok_or_else(|| ReadError("a node without id".into()))?;
                    index.insert(id.clone(), net.ids.len() as u32);
                    net.ids.push(id);
                    net.groups.push(String::new());
                    for (_, c) in &mut net.columns {
                        c.push(None);
                    }
                    in_node = (!empty).then_some(net.ids.len() - 1);
                }
                b"edge" => {
                    let end = |n: &str| -> Result<u32, ReadError> {
                        let id = attr(&e, n, dec)?.unwrap_or_default();
                        index
                            .get(&id)
                            .copied()
                            .ok_or_else(|| ReadError(format!("edge {n} \"{id}\" is not a node")))
                    };
                    net.ties.push((end("source")?, end("target")?, 1.0));
                    in_edge = (!empty).then_some(net.ties.len() - 1);
                }
                b"data" => data_key = attr(&e, "key", dec)?,
                _ => {}
            },
            Event::Text(t) => {
                if let Some(key) = &data_key {
                    let text = t.unescape().map_err(xml_error)?.into_owned();
                    let name = keys
                        .iter()
                        .find(|k| &k.0 == key)
                        .map(|k| k.2.as_str())
                        .unwrap_or_default();
                    if let Some(i) = in_node {
                        if name == "group" {
                            net.groups[i] = text;
                        } else if let Some(&c) = column_of.get(key) {
                            net.columns[c].1[i] = Some(parse_number(&text, name)?);
                        }
                    } else if let Some(k) = in_edge {
                        if name == "weight" {
                            net.ties[k].2 = parse_number(&text, "weight")?;
                        }
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"node" => in_node = None,
                b"edge" => in_edge = None,
                b"data" => data_key = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(net)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::tests::{columns, sample};

    #[test]
    fn round_trip() {
        let n = sample();
        let bytes = graphml(&n.ids, &n.groups, &columns(&n), &n.ties);
        let back = read_graphml(&bytes).unwrap();
        assert_eq!(back, n);
        // Exactly the same bits for every value (0.1 + 0.2 needs 17 digits).
        assert_eq!(
            back.columns[0].1[0].unwrap().to_bits(),
            (0.1f64 + 0.2).to_bits()
        );
    }

    #[test]
    fn escapes_and_leaves_out_missing_values() {
        let n = sample();
        let text = String::from_utf8(graphml(&n.ids, &n.groups, &columns(&n), &n.ties)).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(text.contains("<node id=\"a&amp;b\">"), "{text}");
        assert!(
            text.contains("<data key=\"d0\">Acme &amp; Co</data>"),
            "{text}"
        );
        assert!(text.contains("edgedefault=\"directed\""));
        // Zoë has no betweenness (d1) but has an in_degree (d2).
        let zoe = text.split("<node id=\"Zoë &lt;z&gt;\">").nth(1).unwrap();
        let zoe = zoe.split("</node>").next().unwrap();
        assert!(
            !zoe.contains("key=\"d1\"") && zoe.contains("<data key=\"d2\">1.0</data>"),
            "{zoe}"
        );
        // Non-finite values are left out like missing ones.
        let bytes = graphml(
            &["x".to_string()],
            &["g".to_string()],
            &[("c", vec![Some(f64::NAN)])],
            &[],
        );
        assert_eq!(read_graphml(&bytes).unwrap().columns[0].1, vec![None]);
    }

    #[test]
    fn empty_network() {
        let bytes = graphml(&[], &[], &[], &[]);
        assert_eq!(read_graphml(&bytes).unwrap(), Network::default());
    }

    #[test]
    fn bad_documents_are_errors() {
        assert!(read_graphml(
            b"<graphml><graph><edge source=\"a\" target=\"b\"/></graph></graphml>"
        )
        .is_err());
        assert!(read_graphml(b"<graphml><graph><node id=\"a\"></graph>").is_err());
    }
}
