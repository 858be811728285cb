//! `oml:task_inputs`: a new task on a dataset.
//!
//! The React form offers four kinds of task. Each maps to OpenML's task
//! type and to the estimation procedure the site has always used for it:
//!
//! | form value | task type | estimation procedure |
//! |---|---|---|
//! | `classification` | 1, supervised classification | 1 |
//! | `regression` | 2, supervised regression | 7 |
//! | `learningcurve` | 3, learning curve | 13 |
//! | `clustering` | 5, clustering | 17 |
//!
//! Clustering has no target; the others need one.

use super::OmlWriter;
use super::rules::{self, FieldError, tidy};

/// The kind of task the form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    /// Supervised classification.
    Classification,
    /// Supervised regression.
    Regression,
    /// Learning curve.
    LearningCurve,
    /// Clustering.
    Clustering,
}

impl TaskKind {
    /// Every kind, as the form names them.
    pub const NAMES: &'static str = "classification, regression, learningcurve, clustering";

    /// Reads the form's `task_type` value.
    pub fn parse(value: &str) -> Result<Self, FieldError> {
        match value.trim() {
            "classification" => Ok(Self::Classification),
            "regression" => Ok(Self::Regression),
            "learningcurve" => Ok(Self::LearningCurve),
            "clustering" => Ok(Self::Clustering),
            "" => Err(FieldError::required("task_type")),
            other => Err(FieldError::new(
                "task_type",
                format!("must be one of {}; got '{other}'", Self::NAMES),
            )),
        }
    }

    /// OpenML's task type id.
    pub fn task_type_id(self) -> u32 {
        match self {
            Self::Classification => 1,
            Self::Regression => 2,
            Self::LearningCurve => 3,
            Self::Clustering => 5,
        }
    }

    /// The estimation procedure used for this kind.
    pub fn estimation_procedure(self) -> u32 {
        match self {
            Self::Classification => 1,
            Self::Regression => 7,
            Self::LearningCurve => 13,
            Self::Clustering => 17,
        }
    }

    /// Whether the task predicts a target attribute.
    pub fn has_target(self) -> bool {
        self != Self::Clustering
    }
}

/// A checked task, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskInputs {
    kind: TaskKind,
    dataset_id: u32,
    target: Option<String>,
    evaluation_measure: Option<String>,
}

impl TaskInputs {
    /// Checks the form's values. A target given for clustering is ignored.
    pub fn check(
        kind: TaskKind,
        dataset_id: u32,
        target_name: Option<&str>,
        evaluation_measure: Option<&str>,
    ) -> Result<Self, FieldError> {
        let target = if kind.has_target() {
            let target = tidy(target_name).ok_or_else(|| FieldError::required("target_name"))?;
            rules::text("target_name", &target, 1024)?;
            Some(target)
        } else {
            None
        };

        let evaluation_measure = tidy(evaluation_measure);
        if let Some(measure) = &evaluation_measure {
            rules::casual("evaluation_measure", measure, 128)?;
        }

        Ok(Self {
            kind,
            dataset_id,
            target,
            evaluation_measure,
        })
    }

    /// Writes the document, elements in the schema's order.
    pub fn to_xml(&self) -> String {
        let mut xml = OmlWriter::new("task_inputs");
        xml.element("task_type_id", &self.kind.task_type_id().to_string());
        xml.element_with_attribute(
            "input",
            ("name", "source_data"),
            &self.dataset_id.to_string(),
        );
        if let Some(target) = &self.target {
            xml.element_with_attribute("input", ("name", "target_feature"), target);
        }
        xml.element_with_attribute(
            "input",
            ("name", "estimation_procedure"),
            &self.kind.estimation_procedure().to_string(),
        );
        if let Some(measure) = &self.evaluation_measure {
            xml.element_with_attribute("input", ("name", "evaluation_measures"), measure);
        }
        xml.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::testing::assert_valid;

    #[test]
    fn every_kind_maps_to_its_type_and_procedure() {
        let expected = [
            ("classification", 1, 1),
            ("regression", 2, 7),
            ("learningcurve", 3, 13),
            ("clustering", 5, 17),
        ];
        for (name, type_id, procedure) in expected {
            let kind = TaskKind::parse(name).expect("known kind");
            assert_eq!(
                (kind.task_type_id(), kind.estimation_procedure()),
                (type_id, procedure)
            );

            let xml = TaskInputs::check(kind, 61, Some("class"), Some("predictive_accuracy"))
                .expect("valid")
                .to_xml();
            assert!(xml.contains(&format!("<oml:task_type_id>{type_id}</oml:task_type_id>")));
            assert!(xml.contains(&format!(
                "<oml:input name=\"estimation_procedure\">{procedure}</oml:input>"
            )));
            assert_valid("task.upload", &xml);
        }
    }

    #[test]
    fn clustering_has_no_target() {
        let xml = TaskInputs::check(TaskKind::Clustering, 61, Some("class"), None)
            .expect("valid")
            .to_xml();
        assert!(!xml.contains("target_feature"));
        assert!(!xml.contains("evaluation_measures"));
        assert_valid("task.upload", &xml);
    }

    #[test]
    fn supervised_tasks_need_a_target() {
        let err = TaskInputs::check(TaskKind::Regression, 61, Some(" "), None).unwrap_err();
        assert_eq!(err.to_string(), "target_name is required");
    }

    #[test]
    fn unknown_kinds_are_named() {
        let err = TaskKind::parse("ranking").unwrap_err();
        assert!(err.to_string().contains("'ranking'"), "{err}");
        assert!(err.to_string().contains("learningcurve"), "{err}");
    }
}
