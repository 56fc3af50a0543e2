//! GEXF 1.3 (GEXF Working Group, "GEXF 1.3 primer", gexf.net, 2022), Gephi's format: a
//! directed static graph whose nodes carry `group` (string) and one `double` attribute per
//! metric column, and whose edges carry `weight`.

use std::collections::HashMap;

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use super::{attr, number, parse_number, xml_error, Network, ReadError};

const NS: &str = "http://gexf.net/1.3";

/// Writes a network as GEXF 1.3.
///
/// Arguments: as [`super::graphml::graphml`]. Returns the UTF-8 bytes of the document (node
/// attribute `0` = group, `1`... = the columns in order; node labels = ids; edge ids 0..m).
/// Complexity: O(n · c + m) time and space for n people, c columns and m ties.
///
/// # Panics
/// If `groups` or a column has another length than `ids`, or a tie index is out of range.
pub fn gexf(
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
    io(w.create_element("gexf")
        .with_attributes([
            ("xmlns", NS),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
            ),
            ("version", "1.3"),
        ])
        .write_inner_content(|w| {
            w.create_element("meta").write_inner_content(|w| {
                w.create_element("creator")
                    .write_text_content(BytesText::new(concat!(
                        "Grapevine ",
                        env!("CARGO_PKG_VERSION")
                    )))?;
                Ok(())
            })?;
            w.create_element("graph")
                .with_attributes([("defaultedgetype", "directed"), ("mode", "static")])
                .write_inner_content(|w| {
                    w.create_element("attributes")
                        .with_attributes([("class", "node"), ("mode", "static")])
                        .write_inner_content(|w| {
                            w.create_element("attribute")
                                .with_attributes([
                                    ("id", "0"),
                                    ("title", "group"),
                                    ("type", "string"),
                                ])
                                .write_empty()?;
                            for (k, (name, _)) in columns.iter().enumerate() {
                                let id = (k + 1).to_string();
                                w.create_element("attribute")
                                    .with_attributes([
                                        ("id", id.as_str()),
                                        ("title", name),
                                        ("type", "double"),
                                    ])
                                    .write_empty()?;
                            }
                            Ok(())
                        })?;
                    w.create_element("nodes").write_inner_content(|w| {
                        for (i, id) in ids.iter().enumerate() {
                            w.create_element("node")
                                .with_attributes([("id", id.as_str()), ("label", id.as_str())])
                                .write_inner_content(|w| {
                                    w.create_element("attvalues").write_inner_content(|w| {
                                        w.create_element("attvalue")
                                            .with_attributes([
                                                ("for", "0"),
                                                ("value", groups[i].as_str()),
                                            ])
                                            .write_empty()?;
                                        for (k, (_, values)) in columns.iter().enumerate() {
                                            if let Some(v) = values[i].and_then(number) {
                                                let key = (k + 1).to_string();
                                                w.create_element("attvalue")
                                                    .with_attributes([
                                                        ("for", key.as_str()),
                                                        ("value", v.as_str()),
                                                    ])
                                                    .write_empty()?;
                                            }
                                        }
                                        Ok(())
                                    })?;
                                    Ok(())
                                })?;
                        }
                        Ok(())
                    })?;
                    w.create_element("edges").write_inner_content(|w| {
                        for (k, &(s, t, wt)) in ties.iter().enumerate() {
                            let id = k.to_string();
                            let weight = number(wt);
                            let mut e = w.create_element("edge").with_attributes([
                                ("id", id.as_str()),
                                ("source", ids[s as usize].as_str()),
                                ("target", ids[t as usize].as_str()),
                            ]);
                            if let Some(v) = &weight {
                                e = e.with_attribute(("weight", v.as_str()));
                            }
                            e.write_empty()?;
                        }
                        Ok(())
                    })?;
                    Ok(())
                })?;
            Ok(())
        })
        .map(|_| ()));
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// Reads back a GEXF document as [`gexf`] writes it: node ids, the `group` attribute, every
/// other node attribute as a numeric column (in declaration order), and edges with their
/// `weight` (1 when absent).
///
/// Errors: malformed XML, an edge naming an unknown node, a value that is not a number.
/// Complexity: O(size) time and space.
pub fn read_gexf(bytes: &[u8]) -> Result<Network, ReadError> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let dec = reader.decoder();
    let mut net = Network::default();
    let mut index: HashMap<String, u32> = HashMap::new();
    // attribute id → column index (None = group)
    let mut attrs: HashMap<String, Option<usize>> = HashMap::new();
    let mut node_class = false;
    let mut in_node: Option<usize> = None;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).map_err(xml_error)?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"attributes" => node_class = attr(&e, "class", dec)?.as_deref() == Some("node"),
                b"attribute" if node_class => {
                    let id = attr(&e, "id", dec)?.unwrap_or_default();
                    let title = attr(&e, "title", dec)?.unwrap_or_default();
                    if title == "group" {
                        attrs.insert(id, None);
                    } else {
                        attrs.insert(id, Some(net.columns.len()));
                        net.columns.push((title, Vec::new()));
                    }
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
                b"attvalue" => {
                    let Some(i) = in_node else { continue };
                    let key = attr(&e, "for", dec)?.unwrap_or_default();
                    let value = attr(&e, "value", dec)?.unwrap_or_default();
                    match attrs.get(&key) {
                        Some(None) => net.groups[i] = value,
                        Some(Some(c)) => {
                            let name = net.columns[*c].0.clone();
                            net.columns[*c].1[i] = Some(parse_number(&value, &name)?);
                        }
                        None => {
                            return Err(ReadError(format!(
                                "attvalue for unknown attribute \"{key}\""
                            )))
                        }
                    }
                }
                b"edge" => {
                    let end = |n: &str| -> Result<u32, ReadError> {
                        let id = attr(&e, n, dec)?.unwrap_or_default();
                        index
                            .get(&id)
                            .copied()
                            .ok_or_else(|| ReadError(format!("edge {n} \"{id}\" is not a node")))
                    };
                    let weight = match attr(&e, "weight", dec)? {
                        Some(w) => parse_number(&w, "weight")?,
                        None => 1.0,
                    };
                    net.ties.push((end("source")?, end("target")?, weight));
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"node" => in_node = None,
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
        let bytes = gexf(&n.ids, &n.groups, &columns(&n), &n.ties);
        let back = read_gexf(&bytes).unwrap();
        assert_eq!(back, n);
    }

    #[test]
    fn gexf_1_3_header_and_escaping() {
        let n = sample();
        let text = String::from_utf8(gexf(&n.ids, &n.groups, &columns(&n), &n.ties)).unwrap();
        assert!(text.contains("xmlns=\"http://gexf.net/1.3\""), "{text}");
        assert!(text.contains("version=\"1.3\""));
        assert!(text.contains("defaultedgetype=\"directed\""));
        assert!(
            text.contains("<node id=\"c&quot;q&quot;\" label=\"c&quot;q&quot;\">"),
            "{text}"
        );
        assert!(
            text.contains(
                "<edge id=\"1\" source=\"Zoë &lt;z&gt;\" target=\"a&amp;b\" weight=\"2.5\"/>"
            ),
            "{text}"
        );
    }

    #[test]
    fn empty_network() {
        let bytes = gexf(&[], &[], &[], &[]);
        assert_eq!(read_gexf(&bytes).unwrap(), Network::default());
    }
}
