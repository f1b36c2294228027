//! The one GraphML writer: a graph's nodes and edges with their attributes, declared once
//! each as GraphML asks, so network tools (Gephi, yEd, networkx) open the download as it
//! is. Text is escaped by the XML library, never by hand.

use crate::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// A value of an attribute, with its GraphML type.
pub(crate) enum Attr {
    /// `string`.
    Text(String),
    /// `int`.
    Int(i64),
    /// `double`.
    Double(f64),
}

impl Attr {
    fn kind(&self) -> &'static str {
        match self {
            Attr::Text(_) => "string",
            Attr::Int(_) => "int",
            Attr::Double(_) => "double",
        }
    }

    fn text(&self) -> String {
        match self {
            Attr::Text(t) => t.clone(),
            Attr::Int(n) => n.to_string(),
            Attr::Double(x) => format!("{x}"),
        }
    }
}

/// A node: its id and attributes, named as in [`GraphMl::node_keys`].
pub(crate) struct GraphNode {
    /// Its id (an organisation key).
    pub id: String,
    /// Its attributes, in key order.
    pub attrs: Vec<Attr>,
}

/// An edge between two node ids, with its attributes.
pub(crate) struct GraphEdge {
    /// One end.
    pub source: String,
    /// The other end.
    pub target: String,
    /// Its attributes, in key order.
    pub attrs: Vec<Attr>,
}

/// An undirected graph to write.
pub(crate) struct GraphMl {
    /// The names of the nodes' attributes.
    pub node_keys: Vec<&'static str>,
    /// The names of the edges' attributes.
    pub edge_keys: Vec<&'static str>,
    /// The nodes.
    pub nodes: Vec<GraphNode>,
    /// The edges.
    pub edges: Vec<GraphEdge>,
}

fn xml_error(e: impl std::fmt::Display) -> WebError {
    WebError::internal(format!("writing GraphML: {e}"))
}

impl GraphMl {
    /// The document as bytes.
    pub(crate) fn write(&self) -> Result<Vec<u8>, WebError> {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .map_err(xml_error)?;
        w.create_element("graphml")
            .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
            .write_inner_content(|w| {
                let kind_of = |attrs: Option<&Vec<Attr>>, i: usize| {
                    attrs.and_then(|a| a.get(i)).map_or("string", Attr::kind)
                };
                for (i, key) in self.node_keys.iter().enumerate() {
                    let kind = kind_of(self.nodes.first().map(|n| &n.attrs), i);
                    w.create_element("key")
                        .with_attributes([
                            ("id", format!("n_{key}").as_str()),
                            ("for", "node"),
                            ("attr.name", key),
                            ("attr.type", kind),
                        ])
                        .write_empty()?;
                }
                for (i, key) in self.edge_keys.iter().enumerate() {
                    let kind = kind_of(self.edges.first().map(|e| &e.attrs), i);
                    w.create_element("key")
                        .with_attributes([
                            ("id", format!("e_{key}").as_str()),
                            ("for", "edge"),
                            ("attr.name", key),
                            ("attr.type", kind),
                        ])
                        .write_empty()?;
                }
                w.create_element("graph")
                    .with_attributes([("id", "network"), ("edgedefault", "undirected")])
                    .write_inner_content(|w| {
                        for node in &self.nodes {
                            w.create_element("node")
                                .with_attribute(("id", node.id.as_str()))
                                .write_inner_content(|w| {
                                    data(w, "n", &self.node_keys, &node.attrs)
                                })?;
                        }
                        for edge in &self.edges {
                            w.create_element("edge")
                                .with_attributes([
                                    ("source", edge.source.as_str()),
                                    ("target", edge.target.as_str()),
                                ])
                                .write_inner_content(|w| {
                                    data(w, "e", &self.edge_keys, &edge.attrs)
                                })?;
                        }
                        Ok::<(), std::io::Error>(())
                    })?;
                Ok::<(), std::io::Error>(())
            })
            .map_err(xml_error)?;
        Ok(w.into_inner())
    }
}

fn data(
    w: &mut Writer<Vec<u8>>,
    prefix: &str,
    keys: &[&'static str],
    attrs: &[Attr],
) -> Result<(), std::io::Error> {
    for (key, value) in keys.iter().zip(attrs) {
        w.create_element("data")
            .with_attribute(("key", format!("{prefix}_{key}").as_str()))
            .write_text_content(BytesText::new(&value.text()))?;
    }
    Ok(())
}

/// A GraphML download.
pub(crate) fn attachment(filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/graphml+xml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_with_markup_are_escaped_and_keys_declared() {
        let graph = GraphMl {
            node_keys: vec!["name", "connections"],
            edge_keys: vec!["ties"],
            nodes: vec![
                GraphNode {
                    id: "school-1".into(),
                    attrs: vec![Attr::Text("St <Mary> & \"Joseph\"".into()), Attr::Int(1)],
                },
                GraphNode {
                    id: "trust-2".into(),
                    attrs: vec![Attr::Text("Oak".into()), Attr::Int(1)],
                },
            ],
            edges: vec![GraphEdge {
                source: "school-1".into(),
                target: "trust-2".into(),
                attrs: vec![Attr::Int(3)],
            }],
        };
        let text = String::from_utf8(graph.write().unwrap()).unwrap();
        assert!(
            text.contains("St &lt;Mary&gt; &amp; &quot;Joseph&quot;"),
            "{text}"
        );
        assert!(
            text.contains(r#"attr.name="connections" attr.type="int""#),
            "{text}"
        );
        assert!(
            text.contains(r#"<edge source="school-1" target="trust-2">"#),
            "{text}"
        );
        assert!(text.contains(r#"edgedefault="undirected""#));
    }
}
