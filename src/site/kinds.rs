//! The kinds of pages drawn from templates, and the variables each may see: those
//! every page sees (`site`, `t`, `stages`...) and its own.

use super::stage_views::Form;

/// The kinds of pages drawn from templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Overview,
    Stage,
    Standalone,
    NotFound,
    Print,
    Block,
}

/// The variables that hold stages' views: their name, their form, whether a list.
pub(super) const VIEW_VARS: [(&str, Form, bool); 7] = [
    ("stage", Form::Own, false),
    ("prev", Form::Listed, false),
    ("next", Form::Listed, false),
    ("stages", Form::Listed, true),
    ("nav_stages", Form::Listed, true),
    ("print_stages", Form::Print, true),
    ("block_stages", Form::Listed, true),
];

/// The variables every page may see (see [`super::inputs::Inputs::shared_vars`]).
pub(super) const SHARED_NAMES: [&str; 7] = [
    "site",
    "t",
    "stages",
    "nav_stages",
    "pages",
    "total",
    "reader",
];

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Overview,
        Kind::Stage,
        Kind::Standalone,
        Kind::NotFound,
        Kind::Print,
        Kind::Block,
    ];

    /// The variables a page of this kind may see besides the shared ones (see
    /// [`super::pages`]): what each template reads of stages' views is told from them.
    pub fn own_names(self) -> &'static [&'static str] {
        match self {
            Kind::Overview => &[
                "page_url",
                "home",
                "timeline",
                "roadmap_map",
                "compact_stages",
                "tracked_total",
                "blocks",
                "alternates",
                "translation",
                "translated",
            ],
            Kind::Stage => &[
                "page_url",
                "stage",
                "prev",
                "next",
                "alternates",
                "translation",
            ],
            Kind::Standalone => &["page_url", "page", "alternates", "translation"],
            Kind::NotFound => &["page_url"],
            Kind::Print => &[
                "page_url",
                "alternates",
                "print_stages",
                "print_part",
                "print_parts",
                "roadmap_map",
            ],
            Kind::Block => &[
                "page_url",
                "alternates",
                "block",
                "block_stages",
                "prev_block",
                "next_block",
            ],
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            Kind::Overview => "index.html",
            Kind::Stage => "stage.html",
            Kind::Standalone => "page.html",
            Kind::NotFound => "404.html",
            Kind::Print => "print.html",
            Kind::Block => "block.html",
        }
    }
}
