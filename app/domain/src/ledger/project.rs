//! A fund project's life and the kinds of the fund's entries, as words the books and pages share.

crate::term_enum! {
    /// Where a fund project stands: planned (money earmarked), in progress, done (what was left
    /// has gone back to the fund).
    pub enum ProjectStatus {
        Planned = "planned" => ("준비", "Planned"),
        InProgress = "in_progress" => ("진행 중", "In progress"),
        Done = "done" => ("완료", "Done"),
    }
}

impl ProjectStatus {
    /// The one step a project may take from here: planned → in progress → done.
    pub fn next(self) -> Option<ProjectStatus> {
        match self {
            ProjectStatus::Planned => Some(ProjectStatus::InProgress),
            ProjectStatus::InProgress => Some(ProjectStatus::Done),
            ProjectStatus::Done => None,
        }
    }
}

crate::term_enum! {
    /// What a journal entry is: income, expense, cash earmarked for a project (allocation), what a
    /// project did not spend back to cash (release), or a correction (the reverse of an entry).
    pub enum EntryKind {
        Income = "income" => ("수입", "Income"),
        Expense = "expense" => ("지출", "Expense"),
        Allocation = "allocation" => ("사업 배정", "Earmarked"),
        Release = "release" => ("배정 반환", "Returned"),
        Reversal = "reversal" => ("정정", "Correction"),
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
