//! `oml:study`: a collection of runs or of tasks.
//!
//! A collection of tasks is what OpenML calls a benchmark suite; a
//! collection of runs may name the suite its runs were made on. No alias
//! is sent: OpenML does not need one, and an alias must be unique.

use super::OmlWriter;
use super::rules::{self, FieldError, tidy};

/// What a collection holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StudyEntities {
    /// Runs, optionally made on a benchmark suite.
    Runs {
        /// The run ids.
        run_ids: Vec<u32>,
        /// The id of the benchmark suite the runs belong to.
        benchmark_suite: Option<u32>,
    },
    /// Tasks: a benchmark suite.
    Tasks {
        /// The task ids.
        task_ids: Vec<u32>,
    },
}

/// A checked collection, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Study {
    name: String,
    description: Option<String>,
    entities: StudyEntities,
}

impl Study {
    /// Checks the name (`collectionname`) and the description.
    pub fn check(
        name: Option<&str>,
        description: Option<&str>,
        entities: StudyEntities,
    ) -> Result<Self, FieldError> {
        let name = tidy(name).ok_or_else(|| FieldError::required("collectionname"))?;
        rules::basic_latin("collectionname", &name, 256)?;

        let description = tidy(description);
        if let Some(text) = &description {
            rules::basic_latin("description", text, 4096)?;
        }

        Ok(Self {
            name,
            description,
            entities,
        })
    }

    /// Writes the document, elements in the schema's order.
    pub fn to_xml(&self) -> String {
        let mut xml = OmlWriter::new("study");
        match &self.entities {
            StudyEntities::Runs {
                run_ids,
                benchmark_suite,
            } => {
                xml.element("main_entity_type", "run");
                if let Some(suite) = benchmark_suite {
                    xml.element("benchmark_suite", &suite.to_string());
                }
                self.write_texts(&mut xml);
                xml.list("runs", "run_id", run_ids);
            }
            StudyEntities::Tasks { task_ids } => {
                xml.element("main_entity_type", "task");
                self.write_texts(&mut xml);
                xml.list("tasks", "task_id", task_ids);
            }
        }
        xml.finish()
    }

    fn write_texts(&self, xml: &mut OmlWriter) {
        xml.element("name", &self.name);
        xml.optional("description", self.description.as_deref());
    }
}

/// Reads a comma-separated list of ids, such as `"1, 2,3"`, of `noun`s
/// (`run`, `task`). Every item must be a whole number from 1 to
/// 2147483647; the error names the first item that is not. Repeated ids
/// are kept once.
pub fn parse_id_list(field: &str, noun: &str, text: &str) -> Result<Vec<u32>, FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::required(field));
    }

    let mut ids = Vec::new();
    for (position, item) in text.split(',').enumerate() {
        let id = parse_id(noun, item.trim()).map_err(|problem| {
            FieldError::new(field, format!("item {} {problem}", position + 1))
        })?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// One id: a whole number from 1 to 2147483647 (OpenML's `xs:int`).
fn parse_id(noun: &str, item: &str) -> Result<u32, String> {
    if item.is_empty() {
        return Err("is empty; separate the ids with single commas".into());
    }
    match item.parse::<u32>() {
        Ok(id) if (1..=i32::MAX as u32).contains(&id) => Ok(id),
        _ => Err(format!(
            "('{item}') is not a {noun} id (expected a whole number such as 42)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::testing::assert_valid;

    #[test]
    fn a_run_collection_follows_the_schema() {
        let entities = StudyEntities::Runs {
            run_ids: vec![1, 2, 3],
            benchmark_suite: Some(99),
        };
        let study = Study::check(Some("My runs"), Some("Runs on CC18"), entities).expect("valid");
        let xml = study.to_xml();

        assert!(xml.contains("<oml:main_entity_type>run</oml:main_entity_type>"));
        assert!(xml.contains("<oml:benchmark_suite>99</oml:benchmark_suite>"));
        assert!(xml.contains("<oml:run_id>3</oml:run_id>"));
        assert_valid("study.upload", &xml);
    }

    #[test]
    fn a_task_collection_follows_the_schema() {
        let entities = StudyEntities::Tasks {
            task_ids: vec![59, 60],
        };
        let xml = Study::check(Some("My suite"), None, entities)
            .expect("valid")
            .to_xml();

        assert!(xml.contains("<oml:main_entity_type>task</oml:main_entity_type>"));
        assert!(!xml.contains("description"));
        assert!(xml.contains("<oml:task_id>60</oml:task_id>"));
        assert_valid("study.upload", &xml);
    }

    #[test]
    fn names_must_be_given_and_ascii() {
        let tasks = || StudyEntities::Tasks { task_ids: vec![1] };
        let err = Study::check(Some(""), None, tasks()).unwrap_err();
        assert_eq!(err.to_string(), "collectionname is required");

        let err = Study::check(Some("Études"), None, tasks()).unwrap_err();
        assert_eq!(err.field, "collectionname");
    }

    #[test]
    fn id_lists_are_read_strictly() {
        assert_eq!(
            parse_id_list("run_ids", "run", "1, 2,3,2").expect("ids"),
            vec![1, 2, 3]
        );

        let err = parse_id_list("run_ids", "run", "1,x2,3").unwrap_err();
        assert_eq!(
            err.to_string(),
            "run_ids item 2 ('x2') is not a run id (expected a whole number such as 42)"
        );

        let err = parse_id_list("taskids", "task", "1,,3").unwrap_err();
        assert!(err.to_string().contains("item 2 is empty"), "{err}");

        let err = parse_id_list("taskids", "task", "0").unwrap_err();
        assert!(err.to_string().contains("('0') is not a task id"), "{err}");

        assert!(parse_id_list("taskids", "task", "4294967296").is_err());
        assert!(parse_id_list("taskids", "task", "2147483648").is_err());
        assert!(parse_id_list("taskids", "task", "-1").is_err());
        assert_eq!(
            parse_id_list("taskids", "task", " ").unwrap_err().problem,
            "is required"
        );
    }
}
