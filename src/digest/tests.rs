use std::collections::BTreeMap;

use serde::Serialize;

use super::*;

#[derive(Serialize, Clone)]
struct View {
    title: String,
    summary: Option<String>,
    content: Digested<String>,
    tags: Vec<String>,
    edit: BTreeMap<String, String>,
}

fn view() -> View {
    View {
        title: "ORM".into(),
        summary: None,
        content: Digested::new("<p>long</p>".to_string()),
        tags: vec!["a".into(), "b".into()],
        edit: [("orm".to_string(), "u1".to_string())].into(),
    }
}

fn fields(names: &[&str]) -> Selection {
    Selection {
        fields: names
            .iter()
            .map(|n| (n.to_string(), Selection::whole()))
            .collect(),
        ..Selection::default()
    }
}

#[test]
fn a_selection_sees_what_it_names_and_nothing_else() {
    let title = fields(&["title"]);
    let mut other = view();
    other.summary = Some("new".into());
    other.tags.push("c".into());
    assert_eq!(selected(&view(), &title), selected(&other, &title));
    assert_ne!(of(&view()), of(&other));
    other.title = "ORM!".into();
    assert_ne!(selected(&view(), &title), selected(&other, &title));
}

#[test]
fn the_shape_of_a_list_is_its_length() {
    let shape = Selection {
        fields: [("tags".to_string(), Selection::default())].into(),
        ..Selection::default()
    };
    let mut renamed = view();
    renamed.tags[0] = "z".into();
    assert_eq!(selected(&view(), &shape), selected(&renamed, &shape));
    let mut longer = view();
    longer.tags.push("c".into());
    assert_ne!(selected(&view(), &shape), selected(&longer, &shape));
}

#[test]
fn digested_values_are_read_by_their_digest_and_templates_see_them_whole() {
    let mut other = view();
    other.content = Digested::new("<p>other</p>".to_string());
    assert_ne!(of(&view()), of(&other));
    let json = serde_json::to_string(&view()).unwrap();
    assert!(json.contains("\"content\":\"<p>long</p>\""), "{json}");
    // Digests see the digest, which is the Hash of the value.
    assert_eq!(of(&view().content), of(&view().content.digest()));
}

#[test]
fn map_keys_are_selected_like_fields() {
    let key = Selection {
        fields: [("edit".to_string(), fields(&["orm"]))].into(),
        ..Selection::default()
    };
    let mut other = view();
    other.edit.insert("views".into(), "u2".into());
    // The map grew: its shape changed.
    assert_ne!(selected(&view(), &key), selected(&other, &key));
    let mut changed = view();
    changed.edit.insert("orm".into(), "u3".into());
    assert_ne!(selected(&view(), &key), selected(&changed, &key));
}

#[test]
fn each_reads_every_element() {
    let each = Selection {
        each: Some(Box::new(fields(&["title"]))),
        ..Selection::default()
    };
    let list = vec![view(), view()];
    let mut other = list.clone();
    other[1].summary = Some("x".into());
    assert_eq!(selected(&list, &each), selected(&other, &each));
    other[1].title = "y".into();
    assert_ne!(selected(&list, &each), selected(&other, &each));
}

#[test]
fn values_that_print_alike_digest_apart() {
    assert_ne!(of(&("ab", "c")), of(&("a", "bc")));
    assert_ne!(of(&Some(0u32)), of(&None::<u32>));
    assert_ne!(of(&1u64), of(&1.0f64));
    assert_ne!(of(&vec![1u8]), of(&vec![1u8, 1]));
}

#[test]
fn merged_selections_read_both() {
    let mut a = fields(&["title"]);
    a.merge(&fields(&["summary"]));
    assert_eq!(a, fields(&["summary", "title"]));
    a.merge(&Selection::whole());
    assert!(a.whole && a.fields.is_empty());
}

#[test]
fn a_field_read_whole_is_read_to_its_last_entry() {
    let edit = fields(&["edit"]);
    let mut other = view();
    other.edit.insert("orm".into(), "u9".into());
    assert_ne!(selected(&view(), &edit), selected(&other, &edit));
    let list = Selection {
        fields: [("tags".to_string(), Selection::whole())].into(),
        ..Selection::default()
    };
    let mut renamed = view();
    renamed.tags[1] = "z".into();
    assert_ne!(selected(&view(), &list), selected(&renamed, &list));
}

/// A digest of many bytes is hashed as they come, and is the one xxh3 gives of them all
/// at once, whatever the sizes of the writes and wherever a digest is taken on the way.
#[test]
fn long_digests_are_those_of_all_the_bytes_at_once() {
    let text: String = (0..20_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let bytes = text.as_bytes();
    for cut in [0, 1, 100, 4000, 4096, 4097, 9000] {
        let mut h = Bytes::default();
        h.write(&bytes[..cut]);
        assert_eq!(h.finish(), xxh3_64(&bytes[..cut]), "cut {cut}");
        for chunk in bytes[cut..].chunks(777) {
            h.write(chunk);
        }
        assert_eq!(h.finish(), xxh3_64(bytes), "cut {cut}");
        assert!(h.stream.is_some() && h.gathered.is_empty(), "cut {cut}");
    }
    let mut d = Digester::new();
    d.add_str(&text[..10]);
    let short = d.finish();
    d.add_str(&text);
    let mut whole = 10u64.to_le_bytes().to_vec();
    whole.extend_from_slice(&bytes[..10]);
    assert_eq!(short, xxh3_64(&whole));
    whole.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    whole.extend_from_slice(bytes);
    assert_eq!(d.finish(), xxh3_64(&whole));
}
