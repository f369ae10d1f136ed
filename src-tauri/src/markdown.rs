//! Markdown preview: pulldown-cmark with raw HTML turned into plain text, and links and images
//! limited to safe schemes, so the HTML the UI shows can carry no script, style or remote load.

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag};

fn safe_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    u.starts_with("https://") || u.starts_with("http://") || u.starts_with("mailto:") || u.starts_with('#')
}

/// Renders `text` to HTML that keeps no raw HTML from the input.
pub fn to_html(text: &str) -> String {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(text, opts).map(|ev| match ev {
        // Raw HTML is shown as the text it is, never interpreted.
        Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: CowStr::Borrowed("#"), title, id })
        }
        // Images would load from elsewhere; the CSP blocks them anyway, so show the link target.
        Event::Start(Tag::Image { dest_url, .. }) => Event::Text(CowStr::from(format!("[image: {dest_url}] "))),
        Event::End(pulldown_cmark::TagEnd::Image) => Event::Text(CowStr::Borrowed("")),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_markdown() {
        let h = to_html("# Title\n\nWe, the **undersigned**:\n\n1. one\n2. two\n");
        assert!(h.contains("<h1>Title</h1>"), "{h}");
        assert!(h.contains("<strong>undersigned</strong>"));
        assert!(h.contains("<ol>"));
    }

    #[test]
    fn keeps_no_raw_html() {
        let h = to_html("<script>alert(1)</script>\n\nHello <img src=x onerror=alert(1)> <b>bold</b>\n");
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<img"), "{h}");
        assert!(!h.contains("<b>"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn neutralizes_unsafe_links_and_images() {
        let h = to_html("[x](javascript:alert(1)) [y](https://example.org) ![i](https://evil.example/p.png)");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("href=\"https://example.org\""), "{h}");
        assert!(!h.contains("<img"), "{h}");
    }
}
