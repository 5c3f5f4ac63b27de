//! Short labels fit 80×24 in every language: view tabs, column headers, key hints and popup
//! titles stay within their cell budgets. Japanese characters are two cells wide, so a
//! translation can overflow where the English fits; this test says which text and by how much.

use leadbench::config::Action;
use leadbench::domain::Lang;
use leadbench::domain::i18n::TextKey as K;
use unicode_width::UnicodeWidthStr;

/// A group of labels that share a cell budget, and why the budget is what it is.
struct Budget {
    what: &'static str,
    cells: usize,
    keys: Vec<K>,
}

fn budgets() -> Vec<Budget> {
    vec![
        Budget {
            // Seven tabs with their counts, two cells apart, fit the 80-column top bar.
            what: "short view tab",
            cells: 6,
            keys: vec![
                K::AppViewToday,
                K::StageShortNew,
                K::StageShortUnreached,
                K::StageShortEngaged,
                K::StageShortLost,
                K::StageShortHandedOff,
                K::AppViewDash,
            ],
        },
        Budget {
            // Full labels are used from 100 columns on, with full counts beside them.
            what: "full view tab",
            cells: 16,
            keys: vec![
                K::AppViewToday,
                K::StageLabelNew,
                K::StageLabelUnreached,
                K::StageLabelEngaged,
                K::StageLabelLost,
                K::StageLabelHandedOff,
                K::AppViewDashboard,
                K::AppViewSavedView,
            ],
        },
        // The fixed columns size to the wider of header and content; these budgets keep the
        // name and company columns 32 cells between them at 80 columns (see the test below).
        Budget {
            what: "grade/time/attempts column header",
            cells: 4,
            keys: vec![
                K::UiTableColumnGrade,
                K::UiTableColumnTime,
                K::UiTableColumnAttempts,
            ],
        },
        Budget {
            what: "value/local column header",
            cells: 5,
            keys: vec![K::UiTableColumnValue, K::UiTableColumnLocal],
        },
        Budget {
            // "!" + the next action's kind + " " + "MM/DD".
            what: "next-action column header",
            cells: 13,
            keys: vec![K::UiTableColumnNext],
        },
        Budget {
            // The name column is 14 cells at 80 columns; its header must not be cut.
            what: "name/company column header",
            cells: 12,
            keys: vec![K::UiTableColumnName, K::UiTableColumnCompany],
        },
        Budget {
            // The next-action column is 13 cells: "!" + kind + " " + "MM/DD".
            what: "next-action kind",
            cells: 6,
            keys: vec![
                K::UiLabelActionKindCall,
                K::UiLabelActionKindMail,
                K::UiLabelActionKindTask,
            ],
        },
        Budget {
            // Four hints (key, label, " · ") fit one 80-column hint line.
            what: "key hint",
            cells: 15,
            keys: Action::ALL
                .iter()
                .map(|a| a.text_key())
                .chain([
                    K::UiBottomClose,
                    K::UiBottomTemplate,
                    K::UiBottomSend,
                    K::UiBottomStay,
                    K::UiBottomAnyKey,
                    K::UiBottomResults,
                    K::UiBottomCloseSearch,
                    K::UiBottomViews,
                    K::UiBottomYes,
                    K::UiBottomNo,
                ])
                .collect(),
        },
        Budget {
            // Alone on the quit-with-mail hint line, beside "Esc stay".
            what: "quit-with-mail hint",
            cells: 24,
            keys: vec![K::UiBottomSendKeepCancel],
        },
        Budget {
            // Form popups are 76 cells wide at 80 columns: the title leaves half of its 72
            // cells to " — " and the lead's name.
            what: "popup title",
            cells: 36,
            keys: vec![
                K::AppFormsAddLead,
                K::AppFormsEditLead,
                K::AppFormsInboundCall,
                K::AppFormsMarkLost,
                K::AppFormsMeeting,
                K::AppFormsNote,
                K::AppFormsReplyReceived,
                K::AppFormsScheduleNextAction,
                K::AppHandoffFieldSalesFeedback,
                K::AppEscalateFormEscalateToFieldSales,
                K::AppImportTitle,
                K::AppMailBulkMail,
                K::AppMailEnrolInASequence,
                K::AppSearchFilterToChoose,
                K::AppSearchSaveTheFilterAs,
                K::UiHelpKeys,
                K::UiMailMail,
                K::TuiJobsImport,
                K::TuiMailBulkMail,
            ],
        },
        Budget {
            // The call and confirmation popups are at least 40 and 30 cells wide.
            what: "small popup title",
            cells: 26,
            keys: vec![K::UiCallLogCall, K::UiConfirmConfirm],
        },
    ]
}

#[test]
fn short_labels_fit_their_cell_budgets_in_every_language() {
    let mut over = Vec::new();
    for b in budgets() {
        for lang in Lang::ALL {
            for key in &b.keys {
                let text = lang.text(*key);
                let w = text.width();
                if w > b.cells {
                    over.push(format!(
                        "{} {} {:?} is {w} cells, budget {} ({})",
                        lang.id(),
                        key.id(),
                        text,
                        b.cells,
                        b.what
                    ));
                }
            }
        }
    }
    assert!(over.is_empty(), "too wide for 80×24:\n{}", over.join("\n"));
}

#[test]
fn the_fixed_columns_leave_the_name_and_company_room_at_80_columns() {
    // Content widths: grade 1, value "123.4", a flag and a two-digit age ("!24ヶ月"),
    // attempts 2, the next action "!" + kind + " MM/DD", local time "HH:MM".
    for lang in Lang::ALL {
        let kind = [
            K::UiLabelActionKindCall,
            K::UiLabelActionKindMail,
            K::UiLabelActionKindTask,
        ]
        .iter()
        .map(|k| lang.text(*k).width())
        .max()
        .unwrap_or(0);
        let unit = [
            K::UiFmtUnitMinutes,
            K::UiFmtUnitHours,
            K::UiFmtUnitDays,
            K::UiFmtUnitMonths,
            K::UiFmtUnitYears,
        ]
        .iter()
        .map(|k| lang.text(*k).width())
        .max()
        .unwrap_or(0);
        let col = |k: K, content: usize| lang.text(k).width().max(content);
        let fixed = col(K::UiTableColumnGrade, 1)
            + col(K::UiTableColumnValue, 5)
            + col(K::UiTableColumnTime, 1 + 2 + unit)
            + col(K::UiTableColumnAttempts, 2)
            + col(K::UiTableColumnNext, 1 + kind + 1 + 5)
            + col(K::UiTableColumnLocal, 5);
        // 80 columns less the mark column and the eight one-cell gaps; the name takes 45 %
        // of the rest and must keep 14 cells.
        let flexible = 80 - 1 - 8 - fixed;
        assert!(
            flexible >= 32,
            "{}: name and company get {flexible} cells",
            lang.id()
        );
    }
}
