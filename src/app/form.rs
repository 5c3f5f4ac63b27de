//! Forms as data: fields, focus and an inline error. Validation happens on submit, through the
//! domain parsers, and errors stay in the form.

use super::input::TextInput;

/// What a field holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// Free text.
    Text(TextInput),
    /// One of a list: (id, label) pairs and the chosen index.
    Choice(Vec<(String, String)>, usize),
}

/// A form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Stable id the submit handler reads.
    pub id: &'static str,
    /// Label shown.
    pub label: String,
    /// The value.
    pub value: FieldValue,
    /// Shown under the field while it is empty.
    pub placeholder: String,
}

impl Field {
    /// A text field.
    pub fn text(id: &'static str, label: &str, value: &str, placeholder: &str) -> Field {
        Field {
            id,
            label: label.to_owned(),
            value: FieldValue::Text(TextInput::with(value)),
            placeholder: placeholder.to_owned(),
        }
    }

    /// A choice field.
    pub fn choice(
        id: &'static str,
        label: &str,
        options: Vec<(String, String)>,
        index: usize,
    ) -> Field {
        Field {
            id,
            label: label.to_owned(),
            value: FieldValue::Choice(options, index),
            placeholder: String::new(),
        }
    }
}

/// A form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// Title.
    pub title: String,
    /// Fields, in order.
    pub fields: Vec<Field>,
    /// The focused field.
    pub focus: usize,
    /// The last validation error.
    pub error: Option<String>,
    /// Lines shown above the fields, each with whether it warns (the escalation gate).
    pub notes: Vec<(String, bool)>,
}

impl Form {
    /// A form with its fields, the first focused.
    pub fn new(title: &str, fields: Vec<Field>) -> Form {
        Form {
            title: title.to_owned(),
            fields,
            focus: 0,
            error: None,
            notes: Vec::new(),
        }
    }

    /// A field's text (or a choice's id).
    pub fn value(&self, id: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.id == id)
            .map(|f| match &f.value {
                FieldValue::Text(t) => t.text.trim().to_owned(),
                FieldValue::Choice(options, i) => {
                    options.get(*i).map(|o| o.0.clone()).unwrap_or_default()
                }
            })
            .unwrap_or_default()
    }

    /// The focused text input, if the focused field is text.
    pub fn focused_text(&mut self) -> Option<&mut TextInput> {
        match self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            Some(FieldValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// Moves focus forward, wrapping.
    pub fn next_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + 1) % self.fields.len();
        }
    }

    /// Moves focus back, wrapping.
    pub fn prev_field(&mut self) {
        if !self.fields.is_empty() {
            self.focus = (self.focus + self.fields.len() - 1) % self.fields.len();
        }
    }

    /// Cycles the focused choice by `step`.
    pub fn cycle_choice(&mut self, step: isize) -> bool {
        if let Some(FieldValue::Choice(options, i)) =
            self.fields.get_mut(self.focus).map(|f| &mut f.value)
        {
            let n = options.len() as isize;
            if n > 0 {
                *i = ((*i as isize + step).rem_euclid(n)) as usize;
            }
            return true;
        }
        false
    }
}
