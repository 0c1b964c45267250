//! A fund project's life and the kinds of the fund's entries, as words the books and pages share.

use crate::lang::Lang;

/// Where a fund project stands: planned (money earmarked), in progress, done (what was left has
/// gone back to the fund).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectStatus {
    Planned,
    InProgress,
    Done,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 3] = [ProjectStatus::Planned, ProjectStatus::InProgress, ProjectStatus::Done];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::InProgress => "in_progress",
            ProjectStatus::Done => "done",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ProjectStatus::Planned => lang.pick("준비", "Planned"),
            ProjectStatus::InProgress => lang.pick("진행 중", "In progress"),
            ProjectStatus::Done => lang.pick("완료", "Done"),
        }
    }

    /// The one step a project may take from here: planned → in progress → done.
    pub fn next(self) -> Option<ProjectStatus> {
        match self {
            ProjectStatus::Planned => Some(ProjectStatus::InProgress),
            ProjectStatus::InProgress => Some(ProjectStatus::Done),
            ProjectStatus::Done => None,
        }
    }
}

/// What a journal entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Income,
    Expense,
    /// Cash earmarked for a project.
    Allocation,
    /// What a project did not spend, back to cash.
    Release,
    /// A correction: the reverse of an earlier entry.
    Reversal,
}

impl EntryKind {
    pub const ALL: [EntryKind; 5] =
        [EntryKind::Income, EntryKind::Expense, EntryKind::Allocation, EntryKind::Release, EntryKind::Reversal];

    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Income => "income",
            EntryKind::Expense => "expense",
            EntryKind::Allocation => "allocation",
            EntryKind::Release => "release",
            EntryKind::Reversal => "reversal",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            EntryKind::Income => lang.pick("수입", "Income"),
            EntryKind::Expense => lang.pick("지출", "Expense"),
            EntryKind::Allocation => lang.pick("사업 배정", "Earmarked"),
            EntryKind::Release => lang.pick("배정 반환", "Returned"),
            EntryKind::Reversal => lang.pick("정정", "Correction"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_goes_forward_one_step_at_a_time() {
        assert_eq!(ProjectStatus::Planned.next(), Some(ProjectStatus::InProgress));
        assert_eq!(ProjectStatus::InProgress.next(), Some(ProjectStatus::Done));
        assert_eq!(ProjectStatus::Done.next(), None);
    }
}
