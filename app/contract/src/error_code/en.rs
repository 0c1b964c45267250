//! Every code's message in English: one exhaustive `match`, so a code without it does not compile.

use super::ErrorCode;
use domain::lang::Lang;

impl ErrorCode {
    /// The English message (also the REST problem's `detail` and the logs' text).
    pub fn en(&self) -> String {
        use ErrorCode::*;
        match self {
            Input { field, rule } => rule.say(*field, Lang::En),
            BookingRule { rule } => rule.to_string(),
            AlreadyBooked => "already booked".into(),
            VenueBooked => "the venue is already booked at that time".into(),
            VenueTakenAtNewTime => {
                "the venue is already booked at the new time: choose other times, or release the venue first".into()
            }
            SpaceClosed { reason } => format!("the space is closed then: {reason}"),
            WeeklyLimit { limit } => format!("the weekly limit of {limit} bookings is reached"),
            BookingSuspended { until } => format!("booking is suspended after repeated no-shows until {until}"),
            NoDateBookable => "none of the dates could be booked".into(),
            SpaceNotTakingBookings => "this space is not taking bookings".into(),
            CancelOnlyBeforeStart => "a booking can be cancelled only before it starts".into(),
            RequestTimePassed => "this request's time has passed".into(),
            BookingOver => "this booking is over".into(),
            CheckInWindow => "check-in is from 15 minutes before the start to the end".into(),
            NoShowTooEarly => "a no-show can be marked once the booking has started".into(),
            BookingWrongState => "this booking is not in a state for that".into(),
            BookingChanged => "this booking was changed meanwhile; reload the page".into(),
            VenueGoesWithAssembly => "an assembly's venue is released with the assembly".into(),
            TallyChanged => "the tally changed meanwhile: reload the page and check the figures again".into(),
            TallyAlreadyConfirmed => "this tally is already confirmed".into(),
            PaperCountMissing { item } => {
                format!("item {item}: paper ballots were given out, and their count is not entered")
            }
            PaperCountUnconfirmed { item } => {
                format!("item {item}: the paper tally waits for a second person to confirm it")
            }
            CheckInClosed => "check-in is open only while the assembly is in session".into(),
            NotAVerifiedResident => "not a verified resident of this dong".into(),
            TooYoungToVote => "too young to vote by this assembly's bylaws".into(),
            VotedOnline => "this resident voted online: one channel per assembly, so no paper ballots".into(),
            TalliesClosed => "paper tallies are entered during the session or after the close".into(),
            UndoOnlyInSession => "a check-in can be undone only while the session runs".into(),
            CountingStarted => "paper ballots are already being counted: a check-in cannot be undone any more".into(),
            NotCheckedIn => "this resident is not checked in".into(),
            AgendaFixed => "the agenda cannot change once voting has opened".into(),
            OnlyTimesCanChange => "while pre-voting runs only the times can change".into(),
            AssemblyNotChangeable => "an assembly cannot change once its session has opened, or once cancelled".into(),
            AssemblyChanged => "the assembly changed meanwhile; reload and try again".into(),
            AssemblyStep { from, event } => format!("a {from} assembly cannot {event}"),
            AgendaEmpty => "an assembly needs at least one agenda item to be announced".into(),
            ProposalWithoutCost { proposal } => format!("proposal {proposal} has no estimated cost"),
            ProposalNoLongerEligible { proposal } => {
                format!("proposal {proposal} is no longer eligible: remove its item from the agenda before announcing")
            }
            VotingNotOpen => "voting is not open".into(),
            VotingOnPaper => "you were checked in at the door: you take part in this assembly on paper".into(),
            AlreadyVoted => "you have already voted on this item".into(),
            MinutesAfterClose => "minutes are written after the close".into(),
            BudgetsUnfunded { need, free } => format!(
                "the fund's free balance does not cover the participatory budgets on the agenda: {need} won on the agenda, {free} won free"
            ),
            BudgetShort { need, free } => format!(
                "the fund's free balance does not cover the funded projects: {need} won funded, {free} won free"
            ),
            FreeBalanceShort => "the fund's free balance is not enough".into(),
            AllocationShort => "the project's remaining allocation is not enough".into(),
            BelowZero { account } => format!("{account} cannot go below zero"),
            AlreadyReversed => "this entry has already been corrected".into(),
            ReversalOfReversal => "a correction cannot itself be reversed; record the right entry instead".into(),
            ClaimDecided => "the claim has already been decided".into(),
            ProjectDone => "the project is done".into(),
            ProjectStep { from, to } => format!("a {from} project cannot become {to}"),
            ProjectChanged => "the project changed meanwhile; reload and try again".into(),
            SignInCodeLength => "must be 12 letters and digits, like ABCD-EFGH-JKMN".into(),
            SignInCodeLetter => "contains a character that is never used in codes".into(),
            SignInCodeWrong => "this code is not valid: check it, or ask the center for a new one".into(),
            SignInCodeUsed => "this code was already used: ask the center for a new one".into(),
            SignInCodeExpired => "this code has expired: ask the center for a new one".into(),
            SignInLinkedElsewhere => "this sign-in is already linked to another account".into(),
            OnlyWayToSignIn => "this is your only way to sign in; link another one first".into(),
            TooManyTokens { max } => format!("at most {max} tokens; revoke one first"),
            RoleAlreadyHeld => "this person already holds this role".into(),
            OwnAdminRole => "you cannot revoke your own administrator role".into(),
            ResidentLivesElsewhere => "this person is a verified resident of another dong: that dong's center ends it, or the person does on their account page when they move".into(),
            NotForYourself => "you cannot do this for your own account: ask a colleague".into(),
            AccountSignsInElsewhere => "this account signs in through a sign-in provider or an access token, so the center prints no code for it alone: its owner recovers through their provider, or two members of staff agree on a recovery code".into(),
            HoldsRoleNoCode => "this person holds a role: their sign-in codes come from the operator, not the counter".into(),
            SignInCodeVoid => "this code no longer signs anyone in: the account's roles changed after it was printed; ask for a new one".into(),
            PreparedTheClaimant => "you registered, verified or printed a sign-in code for the person who submitted this claim within 90 days: another member of staff or the district's expert decides it".into(),
            ProposalNeedsAnotherAdmin => "a welfare role is confirmed by an administrator other than the one who proposed it and the person it is for".into(),
            ProposalDecided => "this proposal has already been confirmed or turned down".into(),
            RecoveryNeedsAnotherStaff => "a recovery code is confirmed and printed by a member of staff other than the one who asked for it".into(),
            RecoveryDecided => "this recovery request has already been confirmed or withdrawn".into(),
            CounterAccountNoRecovery => "this is a counter account: print it a new code instead".into(),
            AlreadyReported => "you have already reported this; the expert will review it".into(),
            GroupHidden => "this group is hidden by moderation".into(),
            LastOrganiser => "the last organiser cannot leave; make someone else an organiser first".into(),
            OrganiserMustBeActive => "only an active member can become an organiser".into(),
            ProposalNotEditable => "a proposal cannot be edited once someone has supported it".into(),
            ProposalStep { from, event } => format!("a {from} proposal cannot {event}"),
            ProposalChanged => "the proposal changed meanwhile; reload and try again".into(),
            NoSupportsNow => "this proposal does not take supports now".into(),
            SupportsFinal => "the assembly has decided; supports can no longer be taken back".into(),
            NoComments => "this proposal does not take comments".into(),
            TooManyImages => "a proposal can have at most 5 images".into(),
            DongExists { dong } => format!("dong {dong} already exists"),
            DemoNotRemovable { reason } => format!("the demo cannot be removed: {reason}"),
            CaseClosed => "the case is closed".into(),
            CaseNotAssigned => "assign the case to an officer or nurse first".into(),
            CaseChanged => "the case changed meanwhile; reload and try again".into(),
            CaseNotLinked => "record the linked service first, or choose another reason".into(),
            TooManyConfirmations { max } => {
                format!("at most {max} confirmation messages can be sent in a day; try again tomorrow")
            }
            ConfirmationLinkInvalid => {
                "this confirmation link does not work: it was used, replaced by a newer one, or is more than a day old. Ask for a new one on your account page".into()
            }
            PhoneCodeWrong { tries_left } => {
                format!("that code is not the one we sent; you can try {tries_left} more times")
            }
            PhoneCodeInvalid => format!(
                "no code is waiting: it is more than {} minutes old, was wrong {} times, or was used. Enter the number again for a new code",
                domain::messaging::PHONE_CODE_MINUTES,
                domain::messaging::PHONE_CODE_TRIES
            ),
            ChannelNotOffered => {
                "this server does not send KakaoTalk or text messages yet; use e-mail, or ask the center to call you".into()
            }
            NoConfirmedAddress => "add and confirm an address for this channel first".into(),
            UnsubscribeLinkInvalid => "this link does not work. Change what you receive on your account page".into(),
            CallListChanged => "someone else handled this first; reload the list to see it".into(),
        }
    }
}
