//! The statement text (Markdown) to HTML: the one renderer behind the app's preview and the
//! published page (`index.html`), so that a signatory reads in the app exactly what the page shows.
//!
//! Two steps, each enough on its own to keep script, style and remote loads out:
//!
//! 1. pulldown-cmark renders CommonMark with tables and strikethrough (no footnotes, task lists,
//!    heading attributes or math), and its events are rewritten before they become HTML:
//!    - raw HTML, block or inline, is shown as the text it is (escaped), never interpreted, so
//!      nothing written in the text is hidden from the reader; an HTML block becomes a paragraph;
//!    - a link keeps its target only when it starts with `https://`, `http://` or `mailto:`
//!      (ASCII case ignored, after Markdown's own entity and escape decoding); email autolinks
//!      (`<name@example.org>`) are `mailto:` links; any other link (relative, `#fragment`,
//!      `javascript:`, `data:`, `vbscript:`, …) is dropped and only its text remains;
//!    - an image is dropped and its description remains as text (the page loads nothing);
//!    - headings move one level down (`#` is `<h2>`, `#####` and `######` are `<h6>`): the page's
//!      title is its `<h1>`.
//! 2. ammonia then sanitizes that HTML with an explicit allow-list: the tags `p br hr h2 h3 h4 h5
//!    h6 em strong del code pre blockquote ul ol li a table thead tbody tr th td`; the attributes
//!    `href` and `title` on `a` and `start` on `ol`, no other (no `style`, `class`, `id` or event
//!    handler: a table's column alignment is dropped, which the page's Content Security Policy
//!    blocked anyway); URLs with the schemes http, https and mailto only, no relative URL; every
//!    link gets `rel="noopener noreferrer nofollow"`; comments are removed.
//!
//! Text is otherwise kept as written, bidirectional and invisible characters included (the
//! statement's own checks report those; the renderer does not hide them).

use ammonia::UrlRelative;
use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The URL prefixes a link may have.
const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];

/// The tags the HTML may contain.
const TAGS: &[&str] = &[
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// The sanitizer: built once, as it allows the same for every text.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect())
        .clean_content_tags(HashSet::from(["script", "style"]))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href", "title"])), ("ol", HashSet::from(["start"]))]))
        .allowed_classes(HashMap::new())
        .url_schemes(HashSet::from(["https", "http", "mailto"]))
        .url_relative(UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .id_prefix(None);
    b
});

/// Whether a link may keep `url` as its target.
fn safe_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    SCHEMES.iter().any(|p| lower.starts_with(p))
}

/// One level down: the page's title is its only `<h1>`.
fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Renders a statement's text (Markdown) to HTML that is safe to insert into a page, by the rules
/// of this module. The app's preview and the published page both show exactly this.
pub fn to_html(markdown: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    // For each open link: whether its start was kept.
    let mut links: Vec<bool> = Vec::new();
    let events = Parser::new_ext(markdown, opts).filter_map(|ev| match ev {
        Event::Html(s) | Event::InlineHtml(s) => Some(Event::Text(s)),
        Event::Start(Tag::HtmlBlock) => Some(Event::Start(Tag::Paragraph)),
        Event::End(TagEnd::HtmlBlock) => Some(Event::End(TagEnd::Paragraph)),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            // An email autolink's target has no scheme; the HTML writer adds `mailto:`.
            let keep = match link_type {
                LinkType::Email => !dest_url.contains(':'),
                _ => safe_url(&dest_url),
            };
            links.push(keep);
            keep.then_some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(Event::End(TagEnd::Link)),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, id, classes, attrs }) => {
            Some(Event::Start(Tag::Heading { level: lower(level), id, classes, attrs }))
        }
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(lower(level)))),
        other => Some(other),
    });
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    SANITIZER.clean(&html).to_string()
}
