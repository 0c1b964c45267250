//! What someone may be allowed to do: every action that needs permission.

/// Everything the platform lets someone do that needs permission. Later features add theirs
/// here, a rule in `can`, and rows in the authorization matrix test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Change one's own settings, sign-in methods and tokens; export or delete one's data.
    ManageAccount,
    /// Register a resident at the counter (a new person without an online account).
    RegisterResident,
    /// Print a new one-time sign-in code for a resident of the dong.
    IssueSignInCode,
    /// Ask for a recovery code for an online account of the dong that lost its provider.
    RequestRecoveryCode,
    /// Confirm another staff member's recovery request, printing the code.
    ConfirmRecoveryCode,
    /// Record that a person lives in the dong, or that they no longer do.
    VerifyResidency,
    /// See the dong's residents (verified and registered at the counter).
    ViewResidents,
    /// See the grants; grant or revoke expert and center staff roles (never one's own); propose
    /// a welfare role for a second administrator to confirm.
    ManageRoles,
    /// Confirm (or turn down) a welfare role another administrator proposed.
    ConfirmRoleGrant,
    /// Read the audit log (of the city, or of a district).
    ViewAuditLog,
    /// Start a resident group in the dong.
    CreateGroup,
    /// Join a group (or ask to, where organisers approve members).
    JoinGroup,
    /// Edit a group, approve or remove members, make organisers.
    ManageGroup,
    /// Mark a group as a registered resident group of the center, or take that back.
    RegisterGroup,
    /// Submit a proposal for the dong.
    SubmitProposal,
    /// Edit, publish or withdraw one's own proposal.
    EditProposal,
    /// Support a proposal of the dong, or take the support back.
    SupportProposal,
    /// Comment on a proposal of the dong.
    Comment,
    /// Report a proposal, comment or group.
    Report,
    /// Review reports, hide and restore content, warn and block people (a district's expert).
    Moderate,
    /// Change the dong's support threshold and assembly bylaws.
    ConfigureDong,
    /// Create an assembly, set its agenda, move it along (announce, open, close, publish).
    ManageAssembly,
    /// Vote online in the dong's assembly.
    Vote,
    /// Check residents in at the door and enter paper-ballot tallies.
    RunAssemblyDoor,
    /// Confirm a paper tally another person entered: a second member of the center's staff, or
    /// the district's expert (the entry's own author is refused by `assembly::second_person`).
    ConfirmPaperTally,
    /// Write and publish an assembly's minutes.
    WriteMinutes,
    /// Record income, corrections and allocations in the dong's community fund.
    RecordFundEntry,
    /// Submit an expense claim against the dong's fund (as staff, or for a registered group).
    SubmitClaim,
    /// Approve or reject an expense claim (never one's own).
    DecideClaim,
    /// See the fund's receipts and payees' names.
    ViewReceipts,
    /// Post progress on a fund project and move it along.
    ManageProject,
    /// Book (or ask to book) a space of the center.
    BookSpace,
    /// Book a recurring series for a group one organises.
    BookSeries,
    /// Describe the center's spaces, their rules and hours, closures and the no-show rule.
    ManageSpaces,
    /// Approve or decline requests, check people in, mark no-shows, book for a walk-in resident.
    RunBookings,
    /// See the center's booking console (who booked what).
    ViewBookingConsole,
    /// See a booking with its booker's name.
    ViewBooking,
    /// Cancel a booking.
    CancelBooking,
    /// Take a welfare referral for someone at the counter or on the phone (anyone may refer a
    /// household on the web without signing in: that needs no permission).
    TakeReferral,
    /// Read the dong's welfare cases: the queue, a case with its log, the visiting lists.
    ViewCases,
    /// Assign a case, record contact attempts, visits and services, close it; import a visiting
    /// list.
    WorkCases,
    /// Divide the dong into sections and name each one's in-charge official.
    ManageSections,
    /// Keep the center's call list: record at the counter that a resident wants to be told by a
    /// call or a visit (with their number and consent), see what to tell whom, mark a call done,
    /// see the messages that could not be delivered and try them again or put them on the list.
    RunCallList,
}
