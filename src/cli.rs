//! The command line. Every struct here is parsed by clap; the doc comments are the `--help`
//! text the clerk reads, so they speak the sales office's language.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::complete;
use crate::domain::{aftersales, complaint, customer, dates, deal, rotation};
use crate::lang::Lang;
use crate::output::Format;

/// salesdesk: the customer desk of a real-estate sales office (售楼处) in one SQLite file.
///
/// Register visitors and hand them to the right sales rep, keep the day's roster, and look up
/// customers. Start with `salesdesk rep add NAME`, then `salesdesk roster set REP...`, then
/// `salesdesk visit NAME --phone P` for every visitor.
#[derive(Debug, Parser)]
#[command(name = "salesdesk", version, max_term_width = 100)]
pub struct Cli {
    /// The database file, created by the first command that records something [default:
    /// $SALESDESK_DB, else salesdesk.db].
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// Act as if it were this moment (YYYY-MM-DD HH:MM): the time an event is recorded at, for
    /// back-filling paper forms, and the moment reports are judged against.
    #[arg(long, global = true, value_name = "TIME")]
    pub at: Option<String>,

    /// How records are printed: table (for people), csv or json (for programs) [default:
    /// from the --output file's extension; else, for a report, an export or a listing into a
    /// pipe or a redirect, csv; else table].
    #[arg(long, global = true, value_enum)]
    pub format: Option<Format>,

    /// Write what the command prints to this file instead of the terminal, whole or not at all
    /// (a temporary file in the same folder, then a rename). Never a table: the format is
    /// --format, else the extension (.csv, .json, or .xlsx for an Excel workbook of a report,
    /// an export or a listing).
    #[arg(long, global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// CSV for Excel: a UTF-8 byte-order mark, CRLF line ends, phone numbers and ids kept as
    /// text, and cells Excel would run as formulas (=, +, -, @) neutralised with an apostrophe;
    /// `import` reads such a file back unchanged. Implies --format csv.
    #[arg(long, global = true)]
    pub bom: bool,

    /// Language of headers and labels (default: zh when LANG starts with zh, else en).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,

    /// Show phone numbers in full instead of 138****5678.
    #[arg(long, global = true)]
    pub full_phone: bool,

    /// Open a database on a network file system (NFS, a Windows share, sshfs) anyway, with a
    /// rollback journal and held exclusively while the command runs; only for a file that one
    /// machine alone ever opens (share between machines through `replicate`).
    #[arg(long, global = true)]
    pub allow_network_fs: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// The command line as the binary parses it: the derived commands, with the group centre's
/// reports given examples of their own, since they share the definitions of `report`'s.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().mut_subcommand("group", |group| {
        group.mut_subcommand("report", |report| {
            let kinds: Vec<String> = report
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            kinds.iter().fold(report, |report, kind| {
                report.mut_subcommand(kind, |command| {
                    let help = command
                        .get_after_help()
                        .map(|h| h.to_string())
                        .unwrap_or_default();
                    let examples: Vec<String> = help
                        .lines()
                        .map(|line| match line.trim().strip_prefix("salesdesk report ") {
                            Some(rest) => {
                                format!("  salesdesk group report {rest} --offices /srv/projects")
                            }
                            None => line.to_string(),
                        })
                        .collect();
                    command.after_help(examples.join("\n"))
                })
            })
        })
    })
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sales reps: add, list, retire.
    #[command(subcommand)]
    Rep(RepCommand),
    /// The day's roster (排班表): who is on duty and in what order.
    #[command(subcommand)]
    Roster(RosterCommand),
    /// Register a visitor or a call and say which rep receives them, and why.
    #[command(
        after_help = "Examples:\n  salesdesk visit 黄女士 --phone 13600000001\n  salesdesk visit 王先生 --phone 010-87654321 --call"
    )]
    Visit(VisitArgs),
    /// A rep declares beforehand that an old customer of theirs will bring a new one at an
    /// agreed time (老带新, 7.5a): that day the new customer is the rep's, as one reception, though
    /// the old customer does not come along.
    #[command(
        after_help = "Example:\n  salesdesk announce 13600000001 --rep 张伟 --expected \"2026-11-23 15:00\""
    )]
    Announce(AnnounceArgs),
    /// A customer refused their rep: hand them to the next rep (the first rep's turn is void);
    /// or, with --to, another rep takes over at the customer's wish, agreed by the sales manager.
    #[command(
        after_help = "Examples:\n  salesdesk reassign 14 --reason 客户要求更换置业顾问\n  salesdesk reassign 15 --to 李娜 --approved-by 销售经理"
    )]
    Reassign(ReassignArgs),
    /// A mistaken register entry (a double Enter, the wrong person): voided, kept in the
    /// history, no longer counted for ownership, turns or reports.
    #[command(after_help = "Example:\n  salesdesk void 16 --reason 重复录入 --by 前台")]
    Void(VoidArgs),
    /// Employee referrals (介绍客户登记表): registered before the first visit, confirmed on arrival.
    #[command(subcommand)]
    Referral(ReferralCommand),
    /// Record a deal (成交) and see who is paid; list, show and change deals (换房, 更名).
    #[command(
        after_help = "Example:\n  salesdesk deal 13600000001 --unit 5-2-1201 --price 1280000"
    )]
    Deal(DealArgs),
    /// Commission that no rule settles (7.7): the project manager's settlement.
    #[command(subcommand)]
    Commission(CommissionCommand),
    /// Customers: show one with their history, list, or update details and class.
    #[command(subcommand)]
    Customer(CustomerCommand),
    /// The project manager approves the day's register (项目经理审核确认).
    #[command(after_help = "Example:\n  salesdesk approve --date yesterday --by 项目经理")]
    Approve(ApproveArgs),
    /// The visitor register of a day (客户来访登记表), every entry with its reason.
    #[command(after_help = "Example:\n  salesdesk register --date yesterday")]
    Register(RegisterArgs),
    /// Complaints (客户投诉): record, classify, take through their steps, watch the deadlines.
    #[command(subcommand)]
    Complaint(ComplaintCommand),
    /// Satisfaction surveys (客户满意度调查): define a wave, draw the call list, record answers.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// Hand a unit over to its owner (交房) and schedule its quality checks at 3, 11, 23 and 35
    /// months.
    #[command(after_help = "Example:\n  salesdesk handover 1 --date 2026-08-23")]
    Handover(HandoverArgs),
    /// Quality checks after handover (交付后质量检查): what falls due, and their results.
    #[command(subcommand)]
    Care(CareCommand),
    /// Repairs (报修): register, re-book, complete, revisit within 2/3/7 days, and the written
    /// rectification notice within 24 hours of a revisit that found a problem.
    #[command(subcommand)]
    Repair(RepairCommand),
    /// Reports for managers and cron jobs.
    Report(ReportArgs),
    /// Load reps, customers, visits, complaints or survey answers from a spreadsheet (CSV or
    /// .xlsx), all rows or none.
    #[command(after_help = "Example:\n  salesdesk import visits 来访登记表.csv --dry-run")]
    Import(ImportArgs),
    /// The records themselves as CSV or JSON, for scripts: customers, visits, complaints.
    #[command(
        after_help = "Example:\n  salesdesk export visits --from 2026-11-01 --to yesterday --output visits.csv --bom"
    )]
    Export(ExportArgs),
    /// A consistent copy of the database, taken while others keep working; the copy is checked
    /// before it replaces anything.
    #[command(
        after_help = "Example:\n  salesdesk backup --force /srv/backup/翠湖苑-$(date +%u).db"
    )]
    Backup(BackupArgs),
    /// Stream the database to an off-site replica with Litestream, in the foreground (run it as
    /// a service): every change leaves the PC within --interval.
    #[command(
        after_help = "Examples:\n  salesdesk replicate --to file:///mnt/nas/replicas/翠湖苑\n  salesdesk replicate --to s3://group-replicas/翠湖苑 --endpoint https://oss-cn-hangzhou.aliyuncs.com"
    )]
    Replicate(ReplicateArgs),
    /// The off-site replica: how far behind the live database it is.
    #[command(subcommand)]
    Replica(ReplicaCommand),
    /// Bring a database back from its replica: the latest state, or as it stood at --at; checked
    /// before it takes --db's place.
    #[command(
        after_help = "Examples:\n  salesdesk restore --from file:///mnt/nas/replicas/翠湖苑 --db 翠湖苑.db\n  salesdesk restore --from file:///mnt/nas/replicas/翠湖苑 --db 翠湖苑.db --at \"2026-12-02 09:59\" --force\n  salesdesk restore --from file:///mnt/nas/replicas/翠湖苑 --list"
    )]
    Restore(RestoreArgs),
    /// The working calendar: holidays, make-up working days (调休) and office hours.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Create a new demo.db from the bundled examples and play a morning at the desk.
    #[command(after_help = "Example:\n  salesdesk demo --file demo.db --force")]
    Demo(DemoArgs),
    /// The group customer centre (集团客户中心): many project files read at once, read-only.
    #[command(subcommand)]
    Group(GroupCommand),
    /// Tab completion for a shell: prints the script for bash, zsh, fish or powershell.
    #[command(
        after_help = "Examples:\n  salesdesk completions bash > /etc/bash_completion.d/salesdesk\n  salesdesk completions zsh > \"${fpath[1]}/_salesdesk\""
    )]
    Completions(CompletionsArgs),
    /// The manual page (roff): the whole tool on standard output, or with --dir one page per
    /// command into a folder, as packagers install them.
    #[command(
        after_help = "Examples:\n  salesdesk man | man -l -\n  salesdesk man --dir /usr/local/share/man/man1"
    )]
    Man(ManArgs),
}

#[derive(Debug, Subcommand)]
pub enum GroupCommand {
    /// Each project file: its project, schema version, counts and latest register entry, to see
    /// which office has stopped sending.
    #[command(
        after_help = "Examples:\n  salesdesk group offices --offices /srv/projects\n  salesdesk group offices --office 翠湖苑.db --office 金桂园.db --format csv"
    )]
    Offices(OfficeArgs),
    /// The same report for every project: each section with a `project` column, one row per
    /// project and a `group` row with the group's totals (sums of the counts).
    Report {
        #[command(flatten)]
        offices: OfficeArgs,
        #[command(subcommand)]
        report: ReportCommand,
        /// Print this section alone, every project's rows and the group's, as a tidy table with
        /// the report's name, period and as_of on every row (`--sections` lists the names).
        #[arg(long, global = true, value_name = "NAME")]
        section: Option<String>,
        /// List the report's sections: the names `--section` takes.
        #[arg(long, global = true, conflicts_with = "section")]
        sections: bool,
    },
    /// Every project's replica under --from restored into --into as NAME.db, each whole or not
    /// at all (a failed one keeps its previous copy); then `group report --offices DIR`.
    #[command(
        after_help = "Example:\n  salesdesk group fetch --from s3://group-replicas --endpoint https://oss-cn-hangzhou.aliyuncs.com --into /srv/projects"
    )]
    Fetch(FetchArgs),
}

/// Where a replica is.
#[derive(Debug, Args, Clone)]
pub struct PlaceArgs {
    /// The endpoint of an S3-compatible store (MinIO, Aliyun OSS, Tencent COS); keys come from
    /// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or LITESTREAM_ACCESS_KEY_ID and
    /// LITESTREAM_SECRET_ACCESS_KEY).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReplicateArgs {
    /// The replica: file:///path, s3://bucket/path or sftp://user@host/path.
    #[arg(long, value_name = "URL")]
    pub to: String,
    #[command(flatten)]
    pub place: PlaceArgs,
    /// How often Litestream sends what changed (100ms to 1h).
    #[arg(long, value_name = "TIME", default_value = "1s")]
    pub interval: String,
}

#[derive(Debug, Subcommand)]
pub enum ReplicaCommand {
    /// The replica's latest position and its time, the live database's, and the lag; exits 1
    /// when the lag is over --max-lag, for a cron line that raises the alarm.
    #[command(
        after_help = "Example:\n  salesdesk replica status --to file:///mnt/nas/replicas/翠湖苑 --max-lag 60"
    )]
    Status(ReplicaStatusArgs),
}

#[derive(Debug, Args)]
pub struct ReplicaStatusArgs {
    /// The replica: file:///path, s3://bucket/path or sftp://user@host/path.
    #[arg(long, value_name = "URL")]
    pub to: String,
    #[command(flatten)]
    pub place: PlaceArgs,
    /// The most lag, in seconds, that is not an alarm.
    #[arg(long, value_name = "SECONDS", default_value = "60")]
    pub max_lag: String,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The replica: file:///path, s3://bucket/path or sftp://user@host/path.
    #[arg(long, value_name = "URL")]
    pub from: String,
    #[command(flatten)]
    pub place: PlaceArgs,
    /// Replace an existing database at --db (it must not be in use).
    #[arg(long)]
    pub force: bool,
    /// Show the moments a restore can go back to, and restore nothing.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// The group's address: one sub-path per project (s3://bucket/path, file:///path).
    #[arg(long, value_name = "URL")]
    pub from: String,
    #[command(flatten)]
    pub place: PlaceArgs,
    /// The folder the projects go into, as NAME.db.
    #[arg(long, value_name = "DIR")]
    pub into: PathBuf,
    /// Fetch only this project (repeat for several); an SFTP server's must be named.
    #[arg(long, value_name = "NAME")]
    pub project: Vec<String>,
}

/// The project files the group centre reads; each is named after its file (翠湖苑.db is the
/// project 翠湖苑).
#[derive(Debug, Args, Clone)]
pub struct OfficeArgs {
    /// A project file; repeat for several.
    #[arg(long = "office", value_name = "FILE", global = true)]
    pub files: Vec<PathBuf>,
    /// A folder of project files: every *.db in it.
    #[arg(long = "offices", value_name = "DIR", global = true)]
    pub dir: Option<PathBuf>,
    /// Fail, printing nothing, when any office cannot be read (default: report the others,
    /// name the skipped ones on stderr and exit 1).
    #[arg(long, global = true)]
    pub strict: bool,
    /// How long to wait for a project file another process holds locked, in seconds.
    #[arg(long, value_name = "SECONDS", default_value = "10", global = true)]
    pub wait: String,
    /// Fetch every project's replica under this address first (as `group fetch`), into
    /// --cache, and report on those.
    #[arg(long, value_name = "URL", global = true)]
    pub replicas: Option<String>,
    /// The endpoint of the S3-compatible store --replicas is on.
    #[arg(long, value_name = "URL", global = true)]
    pub endpoint: Option<String>,
    /// Where --replicas are fetched to [default: $XDG_CACHE_HOME/salesdesk/replicas/NAME, else
    /// ~/.cache/salesdesk/replicas/NAME].
    #[arg(long, value_name = "DIR", global = true)]
    pub cache: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish or powershell (elvish too).
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write salesdesk.1 and one page per command (salesdesk-report-daily.1, ...) into this
    /// existing folder instead of printing the whole tool's page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Replace pages already in the folder (a link in a page's place is replaced itself, never
    /// written through).
    #[arg(long, requires = "dir")]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum RepCommand {
    /// Add a sales rep.
    #[command(after_help = "Example:\n  salesdesk rep add 王芳 --phone 13900000001")]
    Add {
        /// The rep's name as the clerk calls them.
        name: String,
        /// The rep's phone number.
        #[arg(long)]
        phone: Option<String>,
    },
    /// List the reps, with their turns today.
    #[command(after_help = "Example:\n  salesdesk rep list")]
    List,
    /// Retire a rep: they keep their history but never receive a customer again.
    #[command(after_help = "Example:\n  salesdesk rep retire 张伟")]
    Retire {
        /// The rep's name.
        #[arg(add = complete::reps())]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Set the day's queue: the reps on duty, head first.
    #[command(after_help = "Example:\n  salesdesk roster set 张伟 李娜 王芳")]
    Set {
        /// Reps in queue order.
        #[arg(required = true, value_name = "REP", add = complete::reps())]
        reps: Vec<String>,
        /// The day (YYYY-MM-DD, today or yesterday); default today.
        #[arg(long, add = complete::periods(dates::DAY_WORDS))]
        date: Option<String>,
    },
    /// Show the day's queue: order, status, turns and lunch duty.
    #[command(after_help = "Example:\n  salesdesk roster show --date yesterday")]
    Show {
        /// The day (YYYY-MM-DD, today or yesterday); default today.
        #[arg(long, add = complete::periods(dates::DAY_WORDS))]
        date: Option<String>,
    },
    /// Who would receive the next new customer (changes nothing).
    #[command(after_help = "Example:\n  salesdesk roster next")]
    Next,
    /// Exchange two reps' places in today's queue; needs a supervisor's approval.
    #[command(after_help = "Example:\n  salesdesk roster swap 张伟 王芳 --approved-by 刘主管")]
    Swap {
        #[arg(add = complete::reps())]
        first: String,
        #[arg(add = complete::reps())]
        second: String,
        /// The supervisor who approved the change.
        #[arg(long, value_name = "NAME")]
        approved_by: String,
    },
    /// A rep leaves the desk: absent (loses the turn when it comes), manager (on a manager's
    /// errand: the turn is kept as a priority turn), busy (with a customer outside the rotation:
    /// loses the turn, no make-up).
    #[command(after_help = "Example:\n  salesdesk roster away 李娜 --reason manager")]
    Away {
        #[arg(add = complete::reps())]
        rep: String,
        /// absent, manager or busy.
        #[arg(long, default_value = "absent", add = complete::codes::<rotation::Away>())]
        reason: String,
    },
    /// A rep is back at the desk; a rep not yet on today's roster joins at the back.
    #[command(after_help = "Example:\n  salesdesk roster back 李娜")]
    Back {
        #[arg(add = complete::reps())]
        rep: String,
    },
}

#[derive(Debug, Args)]
pub struct VisitArgs {
    /// The customer's name.
    pub name: String,
    /// The customer's phone: 11-digit mobile or landline with area code.
    #[arg(long)]
    pub phone: String,
    /// walk-in, phone, referral, web or event (default walk-in; phone for a call).
    #[arg(long, add = complete::codes::<customer::Channel>())]
    pub channel: Option<String>,
    /// A phone call (来电): recorded, never decides ownership, takes no turn.
    #[arg(long)]
    pub call: bool,
    /// The rep the customer asked for (指定接待), outside the rotation.
    #[arg(long, value_name = "REP", add = complete::reps())]
    pub designate: Option<String>,
    /// Phone of the old customer who introduced this one (老带新). Their rep receives the new
    /// customer, as one reception, only when the old customer came along (--together, or their
    /// own visit registered today) and is still registered; otherwise the rotation decides.
    #[arg(long, value_name = "PHONE")]
    pub brought_by: Option<String>,
    /// With --brought-by: the old customer came to the desk with them (7.5b) and asked for their
    /// rep, without registering a visit of their own.
    #[arg(long, requires = "brought_by")]
    pub together: bool,
    /// The employee who referred the customer (推介), to check against the referral registered
    /// before the visit with `salesdesk referral add`.
    #[arg(long, value_name = "NAME")]
    pub referrer: Option<String>,
    /// A company client (公司客户): the company sent them before any visit. Refused for a
    /// customer a rep registered before (6.1.1).
    #[arg(long)]
    pub company: bool,
    /// The company leader who designated the rep of a company client (6.1.2): a voluntary
    /// reception outside the rotation, whose commission goes to the public pool.
    #[arg(long, value_name = "NAME", requires_all = ["company", "designate"])]
    pub leader: Option<String>,
    /// The sales manager who agreed that a returning customer be received by the rep they
    /// designated instead of their own (5.3): a voluntary reception, the customer and a deal
    /// stay their rep's.
    #[arg(long, value_name = "NAME", requires = "designate")]
    pub approved_by: Option<String>,
    /// male or female (男/女).
    #[arg(long, add = complete::codes::<customer::Gender>())]
    pub gender: Option<String>,
    /// Age in years.
    #[arg(long)]
    pub age: Option<String>,
    /// Occupation or title.
    #[arg(long)]
    pub occupation: Option<String>,
    /// A note on the register entry.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReassignArgs {
    /// The register entry the customer refused (its number in `register` or `customer show`).
    pub visit_id: String,
    /// What happened, for the record (needed for a refusal).
    #[arg(long)]
    pub reason: Option<String>,
    /// The rep the customer asked for midway (中途指定): they take over, agreed by the sales
    /// manager; the first rep keeps the turn and 70 % of a deal (5.2), or all of it for a
    /// returning customer (5.3).
    #[arg(long, value_name = "REP", requires = "approved_by", add = complete::reps())]
    pub to: Option<String>,
    /// The sales manager who agreed to the designation.
    #[arg(long, value_name = "MANAGER", requires = "to")]
    pub approved_by: Option<String>,
    /// The designated rep instigated it: the first rep keeps all of a deal (5.2).
    #[arg(long, requires = "to")]
    pub instigated: bool,
}

#[derive(Debug, Args)]
pub struct VoidArgs {
    /// The entry to void (its number in `register` or `customer show`).
    pub visit_id: String,
    /// Why it is a mistake, for the record.
    #[arg(long)]
    pub reason: String,
    /// Who voids it.
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct AnnounceArgs {
    /// The old customer's phone.
    pub phone: String,
    /// The rep who declares it: the old customer's rep.
    #[arg(long, value_name = "REP", add = complete::reps())]
    pub rep: String,
    /// The time agreed for the visit (YYYY-MM-DD HH:MM).
    #[arg(long, value_name = "TIME")]
    pub expected: String,
}

#[derive(Debug, Subcommand)]
pub enum ReferralCommand {
    /// Register a referral before the customer's first visit, with the day agreed.
    #[command(
        after_help = "Example:\n  salesdesk referral add 周先生 --phone 13600000009 --referrer 财务小陈 --day 2026-11-25"
    )]
    Add {
        /// The customer's name.
        name: String,
        /// The customer's phone.
        #[arg(long)]
        phone: String,
        /// The employee who refers them.
        #[arg(long, value_name = "EMPLOYEE")]
        referrer: String,
        /// The day the customer is to come (YYYY-MM-DD); the referral holds only that day.
        #[arg(long, value_name = "DATE")]
        day: String,
    },
    /// The referrer or the project manager confirms the referral on the customer's arrival.
    #[command(after_help = "Example:\n  salesdesk referral confirm 13600000009 --by 财务小陈")]
    Confirm {
        /// The customer's phone.
        phone: String,
        /// Who confirms it.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// Referrals whose day is today or later (--all: every one), with where each stands.
    #[command(after_help = "Example:\n  salesdesk referral list --all")]
    List {
        #[arg(long)]
        all: bool,
    },
}

/// `deal PHONE --unit U --price P`, or one of the subcommands.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct DealArgs {
    #[command(subcommand)]
    pub command: Option<DealCommand>,
    #[command(flatten)]
    pub new: DealNewArgs,
}

#[derive(Debug, Args)]
pub struct DealNewArgs {
    /// The buyer's phone.
    #[arg(required = true)]
    pub phone: Option<String>,
    /// The unit sold (房号), e.g. 5-2-1201.
    #[arg(long, required = true)]
    pub unit: Option<String>,
    /// The price in CNY.
    #[arg(long, required = true, value_name = "CNY")]
    pub price: Option<String>,
    /// A company client (公司客户): introduced (the rep followed it through), arranged (the rep
    /// did the after-sale follow-up) or arranged-staff (other staff did).
    #[arg(long, value_name = "HOW", add = complete::codes::<deal::CompanyDeal>())]
    pub company: Option<String>,
    /// The closing rep, when no rep's registration is in force (a deal the company arranged).
    #[arg(long, value_name = "REP", add = complete::reps())]
    pub rep: Option<String>,
    /// The buyer's name, for a company client who never came to the desk.
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DealCommand {
    /// The deals of a month (default: every deal), with their shares.
    #[command(after_help = "Example:\n  salesdesk deal list --month this")]
    List {
        /// The month (YYYY-MM, this or last).
        #[arg(long, add = complete::periods(dates::MONTH_WORDS))]
        month: Option<String>,
    },
    /// One deal: the customer, the unit, the rep, the shares and the changes.
    #[command(after_help = "Example:\n  salesdesk deal show 1")]
    Show { id: String },
    /// 换房 or 更名: the unit or the buyer's name changes; the rep and the shares do not (7.6).
    #[command(after_help = "Example:\n  salesdesk deal change 1 --unit 5-2-1202")]
    Change {
        id: String,
        /// The new unit (换房).
        #[arg(long, conflicts_with = "name")]
        unit: Option<String>,
        /// The new name on the contract (更名).
        #[arg(long)]
        name: Option<String>,
    },
    /// 退房 or 录错: the deal is voided and kept, marked; its unit is free again and its shares
    /// leave the commission report. The customer stays an owner, the rep's for good (7.6), only
    /// while another deal of theirs stands.
    #[command(after_help = "Example:\n  salesdesk deal void 3 --reason 退房 --by 项目经理王")]
    Void {
        id: String,
        /// Why: 退房, or the mistake (entered twice, wrong customer).
        #[arg(long)]
        reason: String,
        /// Who voids it.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
}

/// `handover DEAL_ID|UNIT --date D [--phone P]`, or `handover void UNIT`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HandoverArgs {
    #[command(subcommand)]
    pub command: Option<HandoverCommand>,
    #[command(flatten)]
    pub new: HandoverNewArgs,
}

#[derive(Debug, Args)]
pub struct HandoverNewArgs {
    /// A deal number (the deal's unit and buyer), or a unit (房号) such as 5-2-1201.
    #[arg(required = true)]
    pub deal_or_unit: Option<String>,
    /// The day the unit was handed over (YYYY-MM-DD), not before its deal.
    #[arg(long, value_name = "DATE", required = true)]
    pub date: Option<String>,
    /// The owner's phone, when a unit is given; they must be a customer already.
    #[arg(long)]
    pub phone: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum HandoverCommand {
    /// A handover recorded by mistake (wrong unit, wrong day) is voided with its quality
    /// checks, and kept; the unit can then be handed over again.
    #[command(
        after_help = "Example:\n  salesdesk handover void 5-2-1201 --reason 日期录错 --by 客服小李"
    )]
    Void {
        /// The unit (房号) handed over.
        unit: String,
        /// Why it is voided.
        #[arg(long)]
        reason: String,
        /// Who voids it.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CareCommand {
    /// The checks not yet done that fall due within --within days of today, overdue ones first.
    #[command(after_help = "Example:\n  salesdesk care due --within 7")]
    Due {
        /// How many days ahead to look.
        #[arg(long, value_name = "DAYS", default_value = "30")]
        within: String,
        /// Only the checks past their due date.
        #[arg(long)]
        overdue: bool,
    },
    /// Record that a check was done, now (or at --at).
    #[command(
        after_help = "Example:\n  salesdesk care done 1 --by 工程部小刘 --score 4 --note 墙面无渗水"
    )]
    Done {
        /// The check number, from `salesdesk care due`.
        check_id: String,
        /// Who made the check.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// The owner's satisfaction, 1 (very dissatisfied) to 5 (very satisfied).
        #[arg(long, allow_hyphen_values = true)]
        score: Option<String>,
        /// What was found.
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RepairCommand {
    /// Register a repair request (报修登记): the owner, the unit, the content, the appointment.
    #[command(
        after_help = "Example:\n  salesdesk repair new 卫生间漏水 --phone 13712345678 --unit 3-1-301 --kind leak --appointment \"2026-11-20 14:00\""
    )]
    New(RepairNewArgs),
    /// The appointment cannot be kept: book another, with the customer told (另约修理时间).
    #[command(
        after_help = "Example:\n  salesdesk repair reschedule 1 --to \"2026-11-21 10:00\" --note 已电话告知"
    )]
    Reschedule {
        /// The repair number.
        id: String,
        /// The new appointment (YYYY-MM-DD HH:MM).
        #[arg(long, value_name = "TIME")]
        to: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// The repair is done; its revisit clock starts.
    #[command(after_help = "Example:\n  salesdesk repair done 1 --by 维修师傅老陈")]
    Done {
        /// The repair number.
        id: String,
        /// Who made the repair.
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
    },
    /// The revisit (维修回访), by the director, an administrator or the repair lead; --problem
    /// when the owner is not satisfied, which calls for a written notice within 24 hours.
    #[command(
        after_help = "Example:\n  salesdesk repair revisit 1 --by 维修主管 --role lead --score 5"
    )]
    Revisit {
        /// The repair number.
        id: String,
        /// Who made the revisit.
        #[arg(long, value_name = "NAME")]
        by: String,
        /// director (主任), admin (管理员) or lead (维修负责人).
        #[arg(long, add = complete::codes::<aftersales::RevisitRole>())]
        role: String,
        /// The owner's satisfaction, 1 (very dissatisfied) to 5 (very satisfied).
        #[arg(long, allow_hyphen_values = true)]
        score: Option<String>,
        /// The problem found.
        #[arg(long)]
        problem: Option<String>,
    },
    /// The written rectification notice to the repair staff (书面通知整改).
    #[command(after_help = "Example:\n  salesdesk repair notice 1 --by 主任")]
    Notice {
        /// The repair number.
        id: String,
        /// Who wrote the notice.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// The repair register, newest first.
    #[command(after_help = "Example:\n  salesdesk repair list --overdue")]
    List {
        /// Only repairs not closed by a revisit.
        #[arg(long, conflicts_with = "overdue")]
        open: bool,
        /// Only repairs whose revisit or notice is past due, longest waiting first.
        #[arg(long)]
        overdue: bool,
    },
    /// One repair: its facts, its clocks and every step.
    #[command(after_help = "Example:\n  salesdesk repair show 1")]
    Show {
        /// The repair number.
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct RepairNewArgs {
    /// What is to be repaired.
    pub text: String,
    /// The owner's phone; the owner is found by it, or registered with --name.
    #[arg(long)]
    pub phone: String,
    /// The unit (房号), the address of the repair.
    #[arg(long)]
    pub unit: String,
    /// safety (安全设施: revisit within 2 days), leak (漏水: 3 days) or general (一般维修: 7 days).
    #[arg(long, add = complete::codes::<aftersales::RepairKind>())]
    pub kind: String,
    /// The appointment agreed (约修时间, YYYY-MM-DD HH:MM).
    #[arg(long, value_name = "TIME")]
    pub appointment: Option<String>,
    /// The owner's name, needed when the phone is new to salesdesk.
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CommissionCommand {
    /// Settle a deal no rule settles (7.7): the project manager's written opinion, approved by
    /// the sales director. The shares must add up to 100.
    #[command(
        after_help = "Example:\n  salesdesk commission settle 7 --share 王芳=60 --share pool=40 --by 项目经理 --approved-by 销售总监"
    )]
    Settle {
        deal_id: String,
        /// A party and their percentage: a rep's name, pool (公佣), or referrer:NAME.
        #[arg(
            long = "share",
            value_name = "NAME=PCT",
            required = true,
            add = complete::shares()
        )]
        shares: Vec<String>,
        /// The project manager.
        #[arg(long, value_name = "PM")]
        by: String,
        /// The sales director who approved it.
        #[arg(long, value_name = "DIRECTOR")]
        approved_by: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// One customer: details, class, owning rep, deals and every register entry.
    #[command(
        after_help = "Examples:\n  salesdesk customer show 13812345678\n  salesdesk customer show 14\n  salesdesk customer show 138****5678"
    )]
    Show {
        /// The customer's phone, their customer number, or their phone masked as listings show
        /// it (138****5678) when no other customer's is masked the same.
        #[arg(value_name = "CUSTOMER")]
        customer: String,
    },
    /// Find customers by part of their name, the last four digits of their phone, or their
    /// customer number (all that match when four digits could be either).
    #[command(
        after_help = "Examples:\n  salesdesk customer find 5678\n  salesdesk customer find 陈"
    )]
    Find {
        /// Part of a name (陈), four digits (5678), a customer number, or a phone.
        text: String,
    },
    /// Two records are one person who forgot their rep (客户忘记原售楼员): a second phone. The
    /// dates of the registrations and of the link decide whose the customer is (1.7).
    #[command(after_help = "Example:\n  salesdesk customer link 13812345678 13912345678 --by 前台")]
    Link {
        phone: String,
        other: String,
        /// Who found it out.
        #[arg(long, value_name = "NAME")]
        by: String,
    },
    /// Customers, optionally of one class or of one rep.
    #[command(after_help = "Example:\n  salesdesk customer list --rep 王芳 --class intent")]
    List {
        /// owner, intent or potential.
        #[arg(long, add = complete::codes::<customer::Class>())]
        class: Option<String>,
        /// Only the customers this rep holds now (a valid registration, or a deal they closed).
        #[arg(long, value_name = "REP", add = complete::reps())]
        rep: Option<String>,
    },
    /// Update a customer's class and details; only the fields given change.
    #[command(
        after_help = "Example:\n  salesdesk customer set 13812345678 --class intent --occupation 工程师"
    )]
    Set(Box<CustomerSetArgs>),
}

/// Declares a struct of free-text flags, `--NAME TEXT` each, from their names alone (with any
/// help above a name): a long list of details reads as the list it is.
macro_rules! text_flags {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($(#[$field_meta:meta])* $field:ident),+ $(,)? }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                #[arg(long)]
                pub $field: Option<String>,
            )+
        }
    };
}

text_flags! {
    // The customer's free-text details, in the order the customer file lists them.
    #[derive(Debug, Args)]
    pub struct CustomerDetails {
        education,
        occupation,
        /// Income band.
        income,
        /// Family structure.
        family,
        address,
        email,
        personality,
        interests,
        /// Purchase attitude.
        attitude,
        requirements,
        /// Purchase record.
        purchase,
        /// Purchase tendency.
        tendency,
    }
}

#[derive(Debug, Args)]
pub struct CustomerSetArgs {
    pub phone: String,
    /// owner (业主), intent (意向客户) or potential (潜在客户).
    #[arg(long, add = complete::codes::<customer::Class>())]
    pub class: Option<String>,
    #[arg(long)]
    pub name: Option<String>,
    /// Mark as a company client (公司客户); --company false to clear.
    #[arg(long, value_name = "true|false")]
    pub company: Option<bool>,
    #[arg(long, add = complete::codes::<customer::Gender>())]
    pub gender: Option<String>,
    #[arg(long)]
    pub age: Option<String>,
    #[command(flatten)]
    pub details: CustomerDetails,
    /// Link the customer's spouse (夫妻客) by phone, or `none` to unlink.
    #[arg(long, value_name = "PHONE|none")]
    pub spouse: Option<String>,
    /// Who links or unlinks the spouse; needed when either spouse has a deal already, whose
    /// shares the link changes (7.4).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The day (YYYY-MM-DD, today or yesterday); default today.
    #[arg(long, add = complete::periods(dates::DAY_WORDS))]
    pub date: Option<String>,
    /// The project manager approving.
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    /// The day (YYYY-MM-DD, today or yesterday); default today.
    #[arg(long, add = complete::periods(dates::DAY_WORDS))]
    pub date: Option<String>,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo database; a new file unless --force.
    #[arg(long, default_value = "demo.db", value_name = "FILE")]
    pub file: PathBuf,
    /// Replace FILE if it already exists (its data is lost).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum ComplaintCommand {
    /// Record a complaint (the ticket, 受理单); prints its class, the reason for it and the
    /// approving authority.
    #[command(
        after_help = "Example:\n  salesdesk complaint new --phone 13712345678 --channel onsite --category quality --amount 3000 窗户渗水"
    )]
    New(Box<ComplaintNewArgs>),
    /// The complaint book, newest first.
    #[command(after_help = "Example:\n  salesdesk complaint list --overdue")]
    List {
        /// Only complaints still being handled (received or in progress).
        #[arg(long)]
        open: bool,
        /// Only complaints with a deadline passed and its step not taken, most overdue first.
        #[arg(long)]
        overdue: bool,
    },
    /// One complaint: its facts, every deadline (met, missed or open) and its history.
    #[command(after_help = "Example:\n  salesdesk complaint show 2")]
    Show {
        /// The complaint number.
        id: String,
    },
    /// A plan agreed with the customer or progress reported to them; rectification under way.
    #[command(
        after_help = "Example:\n  salesdesk complaint progress 2 --note 施工单位上门维修 --by 客服小周"
    )]
    Progress(StepArgs),
    /// The customer signed the rectification acceptance (整改客户验收确认单).
    #[command(after_help = "Example:\n  salesdesk complaint resolve 2 --by 客服小周")]
    Resolve(StepArgs),
    /// Hand the complaint to the next authority up.
    #[command(after_help = "Example:\n  salesdesk complaint escalate 2 --note 客户不接受方案")]
    Escalate(StepArgs),
    /// A rectification failed the customer's acceptance; the second failure replaces the
    /// contractor.
    #[command(after_help = "Example:\n  salesdesk complaint fail-rectification 2")]
    FailRectification(StepArgs),
    /// Monday's follow-up calls (每周一电话跟踪回访, 4.10.5): every complaint received or closed
    /// in the week, and a seeded draw of 20 % of those still being handled, each once; with
    /// the calls made from the list so far.
    #[command(after_help = "Example:\n  salesdesk complaint calls --week last")]
    Calls {
        /// The week the calls are about: this, last, or any day of it (YYYY-MM-DD); default
        /// last week, whose calls are made this week.
        #[arg(long, add = complete::periods(dates::WEEK_WORDS))]
        week: Option<String>,
    },
    /// Record a call made from this week's list (the list of last week's complaints).
    #[command(after_help = "Example:\n  salesdesk complaint call 7 --by 客服专员 --note 满意")]
    Call(CallArgs),
    /// The follow-up call after resolution, with the customer's satisfaction score.
    #[command(after_help = "Example:\n  salesdesk complaint revisit 2 --score 4")]
    Revisit(RevisitArgs),
    /// File the complaint away (按类别归档) after the follow-up call.
    #[command(after_help = "Example:\n  salesdesk complaint archive 2")]
    Archive(StepArgs),
    /// The evidence is collected (全面取证): due by the end of the first working day.
    #[command(after_help = "Example:\n  salesdesk complaint evidence 2 --note 合同、照片")]
    Evidence(StepArgs),
    /// A reply time agreed with the customer (协商约定制), for an important or major complaint:
    /// it replaces the first-feedback clock.
    #[command(
        after_help = "Example:\n  salesdesk complaint agree 3 --reply-by \"2026-11-27 16:00\""
    )]
    Agree(AgreeArgs),
    /// Mark the complaint a typical case (典型案例) with the lesson drawn from it; the monthly
    /// analysis lists it.
    #[command(after_help = "Example:\n  salesdesk complaint typical 2 --lesson 交房前逐户验收")]
    Typical(TypicalArgs),
    /// Judge the complaint's class again (正确判断投诉性质, 5.1.10) while it is handled: the new
    /// class, with its reason, replaces the computed one everywhere.
    #[command(
        after_help = "Example:\n  salesdesk complaint reclassify 2 --class major --reason 取证后确认为结构安全问题 --by 客户总监"
    )]
    Reclassify(ReclassifyArgs),
    /// Void a complaint recorded by mistake: it stays in the book, marked voided, and leaves
    /// every clock, list and count.
    #[command(
        after_help = "Example:\n  salesdesk complaint void 4 --reason 重复登记 --by 客服小周"
    )]
    Void(ComplaintVoidArgs),
}

#[derive(Debug, Args)]
pub struct ReclassifyArgs {
    /// The complaint number.
    pub id: String,
    /// The class it is to have: general, important or major (一般, 重要, 重大).
    #[arg(long, add = complete::codes::<complaint::Class>())]
    pub class: String,
    /// Why: what the evidence showed.
    #[arg(long)]
    pub reason: String,
    /// Who judged it.
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct ComplaintVoidArgs {
    /// The complaint number.
    pub id: String,
    /// What the mistake was.
    #[arg(long)]
    pub reason: String,
    /// Who voided it.
    #[arg(long, value_name = "NAME")]
    pub by: String,
}

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// The complaint number.
    pub id: String,
    /// When the customer is to hear back, as agreed with them: YYYY-MM-DD HH:MM, in the future.
    #[arg(long, value_name = "TIME")]
    pub reply_by: String,
    /// What was agreed.
    #[arg(long)]
    pub note: Option<String>,
    /// Who agreed it with the customer; they reply in person.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct TypicalArgs {
    /// The complaint number.
    pub id: String,
    /// The lesson the case teaches.
    #[arg(long)]
    pub lesson: String,
    /// Who marked it.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ComplaintNewArgs {
    /// What the customer complains about.
    pub text: String,
    /// The customer's phone; the customer is found by it, or created with --name.
    #[arg(long)]
    pub phone: String,
    /// The customer's name, needed when the phone is new to salesdesk.
    #[arg(long)]
    pub name: Option<String>,
    /// onsite, phone, web, forum, letter, other; or an early warning: inspection, certificate,
    /// leader, revisit, internal.
    #[arg(long, add = complete::codes::<complaint::Channel>())]
    pub channel: String,
    /// sales, signing, handover, certificate, property, quality, design or other.
    #[arg(long, add = complete::codes::<complaint::Category>())]
    pub category: String,
    /// The amount at stake in CNY.
    #[arg(long, allow_hyphen_values = true)]
    pub amount: Option<String>,
    /// property, engineering, marketing, cost-control, finance, administration or
    /// customer-centre (default: by category).
    #[arg(long, add = complete::codes::<complaint::Department>())]
    pub department: Option<String>,
    /// When the complaint was received, if before it was recorded (YYYY-MM-DD HH:MM).
    #[arg(long, value_name = "TIME")]
    pub received: Option<String>,
    /// Who took the complaint.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// A life or property safety emergency.
    #[arg(long)]
    pub safety: bool,
    /// A group complaint (e.g. at handover, 集中交房群体投诉).
    #[arg(long)]
    pub group: bool,
    /// Already reported to the government.
    #[arg(long)]
    pub government: bool,
    /// Already reported to the media, or drawing public attention.
    #[arg(long)]
    pub media: bool,
    /// Already reported to the consumer association.
    #[arg(long)]
    pub consumer_association: bool,
    /// A structural design or construction defect with a structural or safety hazard.
    #[arg(long)]
    pub structural: bool,
    /// Needs several centres to resolve (需多个中心配合): important (3.1.2.7).
    #[arg(long)]
    pub cross_department: bool,
    /// The cooperating centres, as departments separated by commas (e.g. marketing,engineering):
    /// the complaint needs several centres, and their general managers decide it (3.9.4).
    #[arg(long, value_name = "CENTRES", add = complete::code_list::<complaint::Department>())]
    pub centres: Option<String>,
    /// Under `sales`: a consultation, a query or a slow reply (置业咨询、信息查询), not a broken
    /// sales promise: general, not important (4.2.4.2).
    #[arg(long)]
    pub consultation: bool,
}

#[derive(Debug, Args)]
pub struct StepArgs {
    /// The complaint number.
    pub id: String,
    /// What was done or agreed.
    #[arg(long)]
    pub note: Option<String>,
    /// Who took the step.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct CallArgs {
    /// The complaint number.
    pub id: String,
    /// Who made the call.
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// What the customer said.
    #[arg(long)]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct RevisitArgs {
    /// The complaint number.
    pub id: String,
    /// The customer's satisfaction with the handling, 1 (very dissatisfied) to 5 (very satisfied).
    #[arg(long, allow_hyphen_values = true)]
    pub score: String,
    #[arg(long)]
    pub note: Option<String>,
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Mark a statutory holiday: one day or a range DATE..DATE.
    #[command(
        after_help = "Example:\n  salesdesk calendar holiday 2026-10-01..2026-10-07 --name 国庆节"
    )]
    Holiday {
        /// YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD.
        days: String,
        /// The holiday's name, e.g. 国庆节.
        #[arg(long)]
        name: Option<String>,
    },
    /// Mark a make-up working day (调休), e.g. a Saturday worked before a holiday.
    #[command(after_help = "Example:\n  salesdesk calendar workday 2026-09-27 --name 国庆调休")]
    Workday {
        day: String,
        #[arg(long)]
        name: Option<String>,
    },
    /// The holidays and make-up days of a year, and the office hours.
    #[command(after_help = "Example:\n  salesdesk calendar show --year 2026")]
    Show {
        /// The year (default: this year).
        #[arg(long)]
        year: Option<i32>,
    },
    /// Load holidays and make-up working days from a CSV with columns date,kind,name (kind:
    /// holiday or workday); all rows or none.
    #[command(after_help = "Example:\n  salesdesk calendar load examples/holidays.csv")]
    Load { file: PathBuf },
    /// Set the office hours, e.g. 09:00-18:00.
    #[command(after_help = "Example:\n  salesdesk calendar hours 09:00-18:00")]
    Hours { hours: String },
    /// The customer director (客户总监), who follows every major complaint (004 4.7.6); with
    /// NAME, set it. The monthly report lists the major complaints whose follow-up call was
    /// made by anyone else.
    #[command(after_help = "Example:\n  salesdesk calendar director 刘总监")]
    Director {
        /// The name the director signs follow-up calls with (`complaint revisit --by NAME`).
        name: Option<String>,
    },
    /// The office's time zone, in which every time, day and deadline is reckoned whatever the
    /// computer's own TZ (default Asia/Shanghai); with ZONE, set it.
    #[command(after_help = "Example:\n  salesdesk calendar zone Asia/Urumqi")]
    Zone {
        /// An IANA zone name, e.g. Asia/Shanghai.
        #[arg(add = complete::zones())]
        zone: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Define a wave (e.g. 2026H2): its scale and weighted indicators, or the standard ones.
    /// A wave may be defined again until its first response is recorded.
    #[command(after_help = "Example:\n  salesdesk survey new 2026H2 --standard")]
    New {
        /// The wave's name, e.g. 2026H2.
        name: String,
        /// The answer scale: 1 to N (default 5).
        #[arg(long, default_value = "5")]
        scale: String,
        /// An indicator and its weight, KEY=WEIGHT; weights are normalised to sum to 1.
        #[arg(
            long = "indicator",
            value_name = "KEY=WEIGHT",
            conflicts_with = "standard"
        )]
        indicators: Vec<String>,
        /// The standard indicators: product quality, service quality, value for money, brand.
        #[arg(long)]
        standard: bool,
    },
    /// The call list: ceil(rate × owners) owners drawn at random, leaving out those who answered
    /// the previous wave.
    #[command(after_help = "Example:\n  salesdesk survey sample 2026H2 --rate 0.2")]
    Sample {
        #[arg(add = complete::waves())]
        name: String,
        /// The share of owners to call (the procedure asks for at least 0.2).
        #[arg(long, default_value = "0.2")]
        rate: String,
        /// Draw with this seed (default: from the wave's name, so the list repeats).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Record one customer's answers, KEY=SCORE for each indicator answered.
    #[command(
        after_help = "Example:\n  salesdesk survey record 2026H2 --phone 13712345678 value=4 brand=5 layout=4"
    )]
    Record {
        #[arg(add = complete::waves())]
        name: String,
        /// The respondent's phone.
        #[arg(long)]
        phone: String,
        /// Answers, e.g. value=4 brand=5; skipped indicators are left out.
        #[arg(value_name = "KEY=SCORE")]
        answers: Vec<String>,
        /// Replace the customer's earlier response to this wave (kept in the history).
        #[arg(long)]
        replace: bool,
    },
    /// A wave's indicators, weights and number of responses.
    #[command(after_help = "Example:\n  salesdesk survey show 2026H2")]
    Show {
        #[arg(add = complete::waves())]
        name: String,
    },
    /// Every wave.
    #[command(after_help = "Example:\n  salesdesk survey list")]
    List,
}

/// `report KIND`, with the choice of one section.
#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub kind: ReportCommand,
    /// Print this section alone, as a tidy table: its own columns, with the report's name,
    /// period and as_of on every row (`--sections` lists the names).
    #[arg(long, global = true, value_name = "NAME")]
    pub section: Option<String>,
    /// List the report's sections: the names `--section` takes.
    #[arg(long, global = true, conflicts_with = "section")]
    pub sections: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ReportCommand {
    /// The day's visits and calls by rep and channel, new and returning customers, turns by
    /// reason, unapproved entries, registrations lapsing within 7 days, complaints received,
    /// resolved and overdue, and the complaint ledger (客户意见台账).
    #[command(
        after_help = "Example:\n  salesdesk report daily --date yesterday --bom --output daily.csv"
    )]
    Daily {
        /// The day (YYYY-MM-DD, today or yesterday); default yesterday.
        #[arg(long, add = complete::periods(dates::DAY_WORDS))]
        date: Option<String>,
    },
    /// Calls, visits and deals of a Monday–Sunday week by project and rep.
    #[command(after_help = "Example:\n  salesdesk report weekly --week last --format csv")]
    Weekly {
        /// The week: this, last, or any day of it (YYYY-MM-DD); default last week.
        #[arg(long, add = complete::periods(dates::WEEK_WORDS))]
        week: Option<String>,
    },
    /// Complaint analysis by class, category, department and channel; deadline compliance per
    /// step; time to resolve; satisfaction from follow-up calls and the latest survey.
    #[command(
        after_help = "Example:\n  salesdesk report monthly --month last --output monthly.json"
    )]
    Monthly {
        /// The month (YYYY-MM, this or last); default last month.
        #[arg(long, add = complete::periods(dates::MONTH_WORDS))]
        month: Option<String>,
    },
    /// The complaint analysis of a quarter, with the typical cases marked in it and their
    /// lessons (季度典型投诉案例汇编).
    #[command(after_help = "Example:\n  salesdesk report quarterly --quarter last")]
    Quarterly {
        /// The quarter: YYYYQn (2026Q3), this or last; default last quarter.
        #[arg(long, add = complete::periods(dates::QUARTER_WORDS))]
        quarter: Option<String>,
    },
    /// The complaint analysis of a year, with its typical cases (年度分析报告).
    #[command(after_help = "Example:\n  salesdesk report annual --year 2026")]
    Annual {
        /// The year: YYYY, this or last; default last year.
        #[arg(long, add = complete::periods(dates::YEAR_WORDS))]
        year: Option<String>,
    },
    /// The month's repairs: received, done, revisited, problems and notices, the mean revisit
    /// score, what is overdue, and the revisit rates by role against 10 / 30 / 60 %.
    #[command(after_help = "Example:\n  salesdesk report repairs --month this")]
    Repairs {
        /// The month (YYYY-MM, this or last); default last month.
        #[arg(long, add = complete::periods(dates::MONTH_WORDS))]
        month: Option<String>,
    },
    /// Open complaints past a deadline as of --at, most overdue first (the 17:30 check).
    #[command(after_help = "Example:\n  salesdesk report overdue")]
    Overdue,
    /// Every deal of a month with each party's share and the rule it follows, the totals per
    /// rep and for the public pool (公佣), and the deals awaiting a settlement.
    #[command(after_help = "Example:\n  salesdesk report commission --month 2026-11")]
    Commission {
        /// The month (YYYY-MM, this or last); default last month.
        #[arg(long, add = complete::periods(dates::MONTH_WORDS))]
        month: Option<String>,
    },
    /// The fairness audit (公平竞争): per rep on duty, hours on the roster, rotation turns
    /// taken against those the hours would give, new customers, designated and voluntary
    /// receptions, reassignments and voids, with flags where a rep stands out from the team.
    #[command(after_help = "Example:\n  salesdesk report fairness --month last")]
    Fairness {
        /// The month (YYYY-MM, this or last); default last month.
        #[arg(long, conflicts_with = "week", add = complete::periods(dates::MONTH_WORDS))]
        month: Option<String>,
        /// The week: this, last, or any day of it (YYYY-MM-DD).
        #[arg(long, add = complete::periods(dates::WEEK_WORDS))]
        week: Option<String>,
    },
    /// A wave's satisfaction index, indicator means, sample rate and trend.
    #[command(after_help = "Example:\n  salesdesk report survey --survey 2026H2")]
    Survey {
        /// The wave, e.g. 2026H2.
        #[arg(long, add = complete::waves())]
        survey: String,
    },
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportKind {
    /// Customers registered in the period, with their owning rep.
    Customers,
    /// Register entries (visits and calls) of the period, corrections included.
    Visits,
    /// Complaints received in the period, with status and deadlines as of --at.
    Complaints,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(value_enum)]
    pub records: ExportKind,
    /// The first day (YYYY-MM-DD, today or yesterday); default the beginning.
    #[arg(long, add = complete::periods(dates::DAY_WORDS))]
    pub from: Option<String>,
    /// The last day (YYYY-MM-DD, today or yesterday); default the --at day.
    #[arg(long, add = complete::periods(dates::DAY_WORDS))]
    pub to: Option<String>,
    /// Only this rep's entries (`export visits`); a retired rep's history included.
    #[arg(long, value_name = "REP", add = complete::every_rep())]
    pub rep: Option<String>,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Sales reps: name (姓名/置业顾问), phone.
    Reps,
    /// Customers: name, phone, class, gender, age and the other details.
    Customers,
    /// The visitor register: name, phone, visited_at (来访时间), rep (置业顾问), channel, kind.
    Visits,
    /// Complaints: phone, received_at (投诉时间), channel, category, text, amount, flags.
    Complaints,
    /// Survey answers: survey, phone and one column per indicator.
    Responses,
    /// Deals: phone, deal date (成交日期), unit (房号), price (成交价), rep (置业顾问).
    Deals,
    /// Handovers: unit (房号), phone, name, handover date (交房日期); schedules the checks.
    Handovers,
    /// Repairs: phone, name, unit (房号/地址), received (报修时间), kind (维修类别), text
    /// (维修内容), appointment (约修日期).
    Repairs,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[arg(value_enum)]
    pub records: ImportKind,
    /// The spreadsheet: CSV (UTF-8 or GBK, comma or tab separated) or an .xlsx workbook. The
    /// first row that names known columns is the header, in English or Chinese.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check every row and say what would be imported, without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and write the bad ones, with a reason column, to --rejects
    /// (without it, one bad row means nothing is imported).
    #[arg(long, requires = "rejects")]
    pub skip_invalid: bool,
    /// Where --skip-invalid writes the rows it refused (CSV, UTF-8 with a byte-order mark).
    #[arg(long, value_name = "FILE", requires = "skip_invalid")]
    pub rejects: Option<PathBuf>,
    /// The CSV's encoding, when sniffing it guesses wrong: utf-8 or gbk (gb18030).
    #[arg(long, add = complete::encodings())]
    pub encoding: Option<String>,
    /// The worksheet of a workbook to read; default the first.
    #[arg(long)]
    pub sheet: Option<String>,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy, e.g. /srv/backup/翠湖苑-2026-11-23.db. The copy is written
    /// beside it under a temporary name and renamed only once it is complete and checked.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::Cli;

    /// Every command that runs (not a bare group such as `report`), with the words that name it.
    fn runnable(command: &clap::Command, path: &str, found: &mut Vec<(String, clap::Command)>) {
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let words = format!("{path} {}", sub.get_name()).trim().to_string();
            if !sub.is_subcommand_required_set() {
                found.push((words.clone(), sub.clone()));
            }
            runnable(sub, &words, found);
        }
    }

    /// The words of an example as a shell would pass them to salesdesk: double quotes keep
    /// spaces, a `$(...)` stands for one word, and a pipe or redirection ends the command.
    fn words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut current = String::new();
        let (mut quoted, mut in_word) = (false, false);
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if let Some(after) = rest.strip_prefix("$(") {
                let end = after.find(')').map_or(after.len(), |i| i + 1);
                current.push('1');
                in_word = true;
                rest = &after[end..];
                continue;
            }
            rest = &rest[c.len_utf8()..];
            match c {
                '"' => (quoted, in_word) = (!quoted, true),
                '|' | '>' if !quoted => break,
                c if c.is_whitespace() && !quoted => {
                    if in_word {
                        words.push(std::mem::take(&mut current));
                        in_word = false;
                    }
                }
                c => {
                    current.push(c);
                    in_word = true;
                }
            }
        }
        if in_word {
            words.push(current);
        }
        words
    }

    #[test]
    fn the_command_line_is_consistent() {
        super::command().debug_assert();
    }

    #[test]
    fn every_command_ends_its_help_with_an_example_of_itself_that_parses() {
        let mut commands = Vec::new();
        runnable(&super::command(), "", &mut commands);
        assert!(commands.len() > 70, "{} commands", commands.len());
        for (path, command) in &commands {
            let help = command
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            assert!(
                help.starts_with("Example"),
                "`salesdesk {path} --help` ends without an example"
            );
            let examples: Vec<&str> = help.lines().skip(1).map(str::trim).collect();
            assert!(!examples.is_empty(), "{path}: {help}");
            for example in examples {
                let words = words(example);
                let typed = format!("salesdesk {path}");
                assert!(
                    example.starts_with(&typed),
                    "{path}: the example {example:?} is not of `{typed}`"
                );
                if let Err(err) = Cli::try_parse_from(&words) {
                    panic!("{path}: the example {example:?} does not parse: {err}");
                }
            }
        }
    }

    #[test]
    fn example_words_split_as_a_shell_splits_them() {
        assert_eq!(
            words(r#"salesdesk repair new 漏水 --appointment "2026-11-20 14:00" | head"#),
            [
                "salesdesk",
                "repair",
                "new",
                "漏水",
                "--appointment",
                "2026-11-20 14:00"
            ]
        );
        assert_eq!(
            words("salesdesk backup /srv/backup/翠湖苑-$(date +%u).db > log"),
            ["salesdesk", "backup", "/srv/backup/翠湖苑-1.db"]
        );
    }
}
