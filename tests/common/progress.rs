//! Progress that lasts, as the browser tests drive it on tests/fixtures/rich: what a
//! reader does with an item, found by its text, and what the page keeps; the fixture
//! built for a server's address; and the author's edit between two builds.
#![cfg(feature = "serve")]

use std::path::Path;

use serde_json::{Value, json};

use super::tab::Tab;

/// `item(text)`: the item whose text starts with `text`, in scripts run in the page.
const ITEM: &str = "function item(t) { return Array.from(document.querySelectorAll('li[data-item-id]')).find(function (l) { return l.textContent.replace(/\\s+/g, ' ').trim().indexOf(t) === 0; }); }";
pub const PROGRESS_KEY: &str = "roadsmith:progress:/";

/// What a reader does with an item, found by its text, and what the page keeps.
pub trait Items {
    async fn status(&self, item: &str, status: &str);
    async fn note(&self, item: &str, text: &str);
    async fn item_state(&self, item: &str) -> Value;
    async fn stored(&self) -> Value;
}

impl Items for Tab {
    /// Sets an item's status with its menu, as a reader does.
    async fn status(&self, item: &str, status: &str) {
        let script = format!(
            "{ITEM}\nvar s = item({}).querySelector('select.item-status'); s.value = {}; s.dispatchEvent(new Event('change')); return true;",
            json!(item),
            json!(status)
        );
        self.js(&script).await;
    }

    /// Opens an item's note with its button, as a reader does, and types `text` into
    /// it, key by key.
    async fn note(&self, item: &str, text: &str) {
        let toggle = format!("item({}).querySelector('.note-toggle')", json!(item));
        let expanded = self
            .js(&format!(
                "{ITEM}\nvar b = {toggle}; b.id = b.id || 'toggle-' + Date.now(); return b.getAttribute('aria-expanded');"
            ))
            .await;
        if expanded != json!("true") {
            let id = self.js(&format!("{ITEM}\nreturn {toggle}.id;")).await;
            self.click(&format!("#{}", id.as_str().unwrap())).await;
        }
        let field = self
            .js(&format!(
                "{ITEM}\nreturn {toggle}.getAttribute('aria-controls');"
            ))
            .await;
        self.wait_for(&format!("#{}", field.as_str().unwrap()))
            .await
            .send_keys(text)
            .await
            .unwrap();
    }

    async fn item_state(&self, item: &str) -> Value {
        self.js(&format!(
            "{ITEM}\nvar li = item({}); if (!li) return null; var m = li.querySelector(':scope > .item-mark'); var n = li.querySelector('textarea.item-note');
             return {{ status: li.querySelector('select.item-status').value, note: !n || n.hidden ? null : n.value,
                       mark: m ? m.textContent : null, readOnly: li.querySelector('select.item-status').disabled }};",
            json!(item)
        ))
        .await
    }

    async fn stored(&self) -> Value {
        let raw = self
            .js(&format!("return localStorage.getItem('{PROGRESS_KEY}');"))
            .await;
        raw.as_str()
            .map(|s| serde_json::from_str(s).unwrap())
            .unwrap_or(Value::Null)
    }
}

/// The rich fixture built into `site/public` for the server at `base`.
pub fn build(site: &Path, base: &str) {
    let out = super::build(site, &["--base-url", base]);
    assert!(out.status.success(), "{}", super::stderr(&out));
}

pub fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join("content").join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The author's edit: "Generators in Python" reworded, "Joins and `GROUP BY`" moved
/// from Data to Raw HTML, the exercise "Install Rust and Python" removed, "Closures in
/// JavaScript" added.
pub fn rework(site: &Path) {
    edit(
        site,
        "01-languages.md",
        "- Generators in Python\n",
        "- Generators and iterators in Python\n",
    );
    edit(
        site,
        "01-languages.md",
        "- Promises in JavaScript\n",
        "- Promises in JavaScript\n- Closures in JavaScript\n",
    );
    edit(site, "02-data.md", "- Joins and `GROUP BY`\n", "");
    edit(
        site,
        "03-markup.md",
        "- A [link inside a topic](02-data.md#topics)\n",
        "- A [link inside a topic](02-data.md#topics)\n- Joins and `GROUP BY`\n",
    );
    edit(site, "00-basics.md", "- [ ] Install Rust and Python\n", "");
}
