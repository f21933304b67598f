//! Small documents written by the tests: the plan a dry run prints, and documents
//! odd enough to break a reader, which import reads without panicking.

use crate::common::*;

#[test]
fn the_plan_counts_table_rows_and_task_boxes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.md");
    std::fs::write(
        &doc,
        "# T\n\n## Week 1: A\n\n| Topic | Link |\n|---|---|\n| a | b |\n| c | d |\n| e | f |\n\n## Week 2: B\n\n- [ ] one\n- [x] two\n\n## Week 3: C\n\nJust text.\n",
    )
    .unwrap();
    let out = roadsmith(&["import", doc.to_str().unwrap(), "--dry-run"]);
    let text = stdout(&out);
    assert!(text.contains("A  [1 week]  3 items"), "{text}");
    assert!(text.contains("B  [1 week]  2 items"), "{text}");
    assert!(text.contains("C  [1 week]  0 items"), "{text}");
}

#[test]
fn numbered_items_past_nine_whose_lists_end_their_list_are_stages_still() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.md");
    // "10. " is four wide: a list indented three under it is no longer in it, and ends
    // the numbered list; "11." opens another.
    let mut text = String::from("# T\n\n");
    for i in 8..=11 {
        text.push_str(&format!("{i}. **Step {i}** (1 week)\n   - read {i}\n"));
    }
    std::fs::write(&doc, text).unwrap();
    let out = roadsmith(&["import", doc.to_str().unwrap(), "--dry-run"]);
    let plan = stdout(&out);
    assert!(plan.contains("Stages (4)"), "{plan}");
    assert!(plan.contains("Step 11  [1 week]  1 item"), "{plan}");
}

#[test]
fn numbered_steps_with_durations_under_weeks_stay_in_their_week() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.md");
    let mut text = String::from("# T\n\n");
    for w in 1..=2 {
        text.push_str(&format!("## Week {w}\n\n"));
        for s in 1..=3 {
            text.push_str(&format!("{s}. **Step {w}.{s}** (2 days)\n"));
        }
        text.push('\n');
    }
    std::fs::write(&doc, text).unwrap();
    let out = roadsmith(&["import", doc.to_str().unwrap(), "--dry-run"]);
    let plan = stdout(&out);
    assert!(plan.contains("Stages (2)"), "{plan}");
    assert!(plan.contains("Week 2  [1 week]  3 items"), "{plan}");
    assert!(
        plan.contains("headings with durations come first"),
        "{plan}"
    );
}

#[test]
fn odd_documents_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let docs: [&[u8]; 12] = [
        b"| Month | Topic |\n|---|---|\n| 1 |\n| 2 | b | c | d |\n",
        b"| Month |\n|---|\n",
        b"1. **a**\n2. **b**\n",
        b"1. **a** (2 weeks\n2. **b** (\n",
        b"<h2></h2>\n<h2>x</h2>",
        b"<ul><li>x\n\n<h3>y</h3>",
        b"old\rmac\rlines\r## Week 1\r- a\r",
        b"# \n## \n### Week\n",
        b"1.\n2.\n",
        b"- [a](#x)\n- [b](#y)\n",
        b"**Week 1**\n\n1. **x** (1 wk)\n   - y\n\n| Week | Topic |\n|---|---|\n| 2 | z<br> |\n",
        "\u{feff}🎯\n\n## 🎯\n\n## 🎯 ✅ Topics:\n".as_bytes(),
    ];
    for (i, doc) in docs.iter().enumerate() {
        let file = dir.path().join(format!("doc{i}.md"));
        std::fs::write(&file, doc).unwrap();
        let into = dir.path().join(format!("site{i}"));
        let out = roadsmith(&[
            "import",
            file.to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ]);
        let err = stderr(&out);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{i}: {err}");
        assert!(!err.contains("panicked"), "{i}: {err}");
        if out.status.success() {
            let built = build(&into, &[]);
            assert!(built.status.success(), "{i}: {}", stderr(&built));
        }
    }
}
