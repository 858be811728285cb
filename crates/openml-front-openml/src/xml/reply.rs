//! OpenML's replies: errors, new ids, dataset descriptions and lists.
//!
//! Replies are read leniently: elements this crate does not use are
//! skipped, and so is the namespace prefix, so a server that adds fields
//! or writes another prefix is still understood.

use quick_xml::Reader;
use quick_xml::events::Event;

/// An `oml:error` reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReply {
    /// OpenML's error code.
    pub code: u32,
    /// OpenML's message.
    pub message: String,
    /// `oml:additional_information`, if given.
    pub additional: Option<String>,
}

/// The fields of a `GET data/{id}` reply that the edit form shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataDescription {
    /// The dataset's name.
    pub name: String,
    /// What the data is.
    pub description: Option<String>,
    /// Every creator.
    pub creators: Vec<String>,
    /// When the data was collected.
    pub collection_date: Option<String>,
    /// How to cite it.
    pub citation: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// The default target attribute.
    pub default_target_attribute: Option<String>,
    /// Every ignored attribute.
    pub ignore_attribute: Vec<String>,
    /// The row id attribute.
    pub row_id_attribute: Option<String>,
    /// Where the original data lives.
    pub original_data_url: Option<String>,
    /// A paper about the data.
    pub paper_url: Option<String>,
}

/// An element without child elements, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Leaf {
    name: String,
    text: String,
}

/// A parsed reply: its root element's local name and its leaves in
/// document order.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Document {
    root: String,
    leaves: Vec<Leaf>,
}

impl Document {
    fn parse(body: &str) -> Result<Self, String> {
        let mut reader = Reader::from_str(body);
        let mut root = None;
        let mut leaves = Vec::new();
        // Open elements: name, whether a child element was seen, text.
        let mut open: Vec<(String, bool, String)> = Vec::new();

        loop {
            match reader.read_event().map_err(|err| err.to_string())? {
                Event::Start(start) => {
                    let name = local_name(start.local_name().as_ref());
                    root.get_or_insert_with(|| name.clone());
                    if let Some(parent) = open.last_mut() {
                        parent.1 = true;
                    }
                    open.push((name, false, String::new()));
                }
                Event::Empty(empty) => {
                    let name = local_name(empty.local_name().as_ref());
                    root.get_or_insert_with(|| name.clone());
                    if let Some(parent) = open.last_mut() {
                        parent.1 = true;
                    }
                    leaves.push(Leaf {
                        name,
                        text: String::new(),
                    });
                }
                Event::Text(text) => {
                    let text = text.unescape().map_err(|err| err.to_string())?;
                    if let Some(current) = open.last_mut() {
                        current.2.push_str(&text);
                    }
                }
                Event::CData(data) => {
                    let bytes = data.into_inner();
                    if let Some(current) = open.last_mut() {
                        current.2.push_str(&String::from_utf8_lossy(&bytes));
                    }
                }
                Event::End(_) => {
                    if let Some((name, had_children, text)) = open.pop()
                        && !had_children
                    {
                        leaves.push(Leaf { name, text });
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }

        let root = root.ok_or_else(|| "the reply holds no XML element".to_string())?;
        Ok(Self { root, leaves })
    }

    /// The text of the first leaf named `name`.
    fn first(&self, name: &str) -> Option<&str> {
        self.leaves
            .iter()
            .find(|leaf| leaf.name == name)
            .map(|leaf| leaf.text.as_str())
    }

    /// The trimmed, non-empty text of the first leaf named `name`.
    fn value(&self, name: &str) -> Option<String> {
        let text = self.first(name)?.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    /// The trimmed, non-empty texts of every leaf named `name`.
    fn values(&self, name: &str) -> Vec<String> {
        self.leaves
            .iter()
            .filter(|leaf| leaf.name == name)
            .map(|leaf| leaf.text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect()
    }

    fn expect_root(&self, expected: &str) -> Result<(), String> {
        if self.root == expected {
            Ok(())
        } else {
            Err(format!(
                "expected an oml:{expected} document, got oml:{}",
                self.root
            ))
        }
    }
}

fn local_name(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Reads an `oml:error` reply; `None` if the body is not one.
pub fn error(body: &str) -> Option<ErrorReply> {
    let document = Document::parse(body).ok()?;
    if document.root != "error" {
        return None;
    }

    Some(ErrorReply {
        code: document.value("code")?.parse().ok()?,
        message: document.value("message").unwrap_or_default(),
        additional: document.value("additional_information"),
    })
}

/// Reads the `oml:id` of a success reply whose root is `oml:{root}`, such
/// as `upload_data_set` or `upload_task`.
pub fn id(body: &str, root: &str) -> Result<u64, String> {
    let document = Document::parse(body)?;
    document.expect_root(root)?;

    let text = document
        .value("id")
        .ok_or_else(|| format!("the oml:{root} reply has no oml:id"))?;
    text.parse()
        .map_err(|_| format!("the oml:{root} reply has the id '{text}', not a number"))
}

/// Checks that a success reply has the root `oml:{root}`.
pub fn expect(body: &str, root: &str) -> Result<(), String> {
    Document::parse(body)?.expect_root(root)
}

/// Reads the uploader of dataset `dataset_id` from a `data/list` reply;
/// `None` if the list does not hold the dataset or names no uploader.
pub fn uploader(body: &str, dataset_id: u32) -> Result<Option<u32>, String> {
    let document = Document::parse(body)?;
    document.expect_root("data")?;

    let wanted = dataset_id.to_string();
    let mut current = None;
    for leaf in &document.leaves {
        match leaf.name.as_str() {
            "did" => current = Some(leaf.text.trim().to_string()),
            "uploader" if current.as_deref() == Some(wanted.as_str()) => {
                let text = leaf.text.trim();
                return text
                    .parse()
                    .map(Some)
                    .map_err(|_| format!("the uploader '{text}' is not a user id"));
            }
            _ => {}
        }
    }
    Ok(None)
}

/// Reads a `data/{id}` reply.
pub fn data_description(body: &str) -> Result<DataDescription, String> {
    let document = Document::parse(body)?;
    document.expect_root("data_set_description")?;

    Ok(DataDescription {
        name: document.value("name").unwrap_or_default(),
        description: document.first("description").map(str::to_string),
        creators: document.values("creator"),
        collection_date: document.value("collection_date"),
        citation: document.value("citation"),
        language: document.value("language"),
        default_target_attribute: document.value("default_target_attribute"),
        ignore_attribute: document.values("ignore_attribute"),
        row_id_attribute: document.value("row_id_attribute"),
        original_data_url: document.value("original_data_url"),
        paper_url: document.value("paper_url"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let root = openml_front_core::testing::fixtures_dir(env!("CARGO_MANIFEST_DIR"));
        let path = root.join("openml-api/responses").join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
    }

    #[test]
    fn errors_are_read_with_their_details() {
        let reply = error(&fixture("error_614_task_exists.xml")).expect("an error");
        assert_eq!(reply.code, 614);
        assert_eq!(reply.message, "Task already exists.");
        assert_eq!(reply.additional.as_deref(), Some("matched id(s): [59]"));

        let reply = error(&fixture("error_103_auth_failed.xml")).expect("an error");
        assert_eq!((reply.code, reply.additional), (103, None));

        assert_eq!(error(&fixture("task_upload_successful.xml")), None);
        assert_eq!(error("not xml at all <"), None);
    }

    #[test]
    fn new_ids_are_read() {
        assert_eq!(
            id(&fixture("data_upload_successful.xml"), "upload_data_set"),
            Ok(46001)
        );
        assert_eq!(
            id(&fixture("task_upload_successful.xml"), "upload_task"),
            Ok(999)
        );
        assert_eq!(
            id(&fixture("study_upload_successful.xml"), "study_upload"),
            Ok(146)
        );
        assert_eq!(
            id(&fixture("data_edit_successful.xml"), "data_edit"),
            Ok(61)
        );
        assert!(id(&fixture("data_tag_success.xml"), "upload_task").is_err());
        assert!(expect(&fixture("data_tag_success.xml"), "data_tag").is_ok());
    }

    #[test]
    fn the_uploader_is_read_from_the_list() {
        assert_eq!(uploader(&fixture("data_list_61.xml"), 61), Ok(Some(1)));
        assert_eq!(uploader(&fixture("data_list_61.xml"), 62), Ok(None));
        assert_eq!(uploader(&fixture("data_list_with_125.xml"), 125), Ok(None));
    }

    #[test]
    fn a_description_is_read() {
        let description = data_description(&fixture("data_description_61.xml")).expect("read");

        assert_eq!(description.name, "iris");
        assert_eq!(description.creators, vec!["R.A. Fisher".to_string()]);
        assert_eq!(description.collection_date.as_deref(), Some("1936"));
        assert_eq!(description.language.as_deref(), Some("English"));
        assert_eq!(
            description.default_target_attribute.as_deref(),
            Some("class")
        );
        assert_eq!(
            description.paper_url.as_deref(),
            Some("http://digital.library.adelaide.edu.au/dspace/handle/2440/15227")
        );
        assert_eq!(description.row_id_attribute, None);
        let text = description.description.expect("a description");
        assert!(text.contains("(See Duda & Hart, for example.)"), "{text}");
        assert!(text.starts_with("**Author**: R.A. Fisher"));
    }

    #[test]
    fn short_descriptions_have_empty_fields() {
        let description = data_description(&fixture("data_description_2.xml")).expect("read");
        assert_eq!(description.name, "anneal");
        assert!(description.creators.is_empty());
        assert_eq!(description.citation, None);
    }
}
