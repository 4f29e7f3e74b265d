//! The console example of docs/model-check.md is what retort really prints.

mod common;

#[test]
fn model_check_doc_console_block_is_real_output() {
    let root = common::repo_root();
    let doc = std::fs::read_to_string(root.join("docs/model-check.md")).unwrap();
    let block: Vec<&str> = doc
        .lines()
        .skip_while(|l| l.trim() != "```console")
        .skip(1)
        .take_while(|l| l.trim() != "```")
        .collect();
    let command = block[0]
        .strip_prefix("$ retort ")
        .expect("a retort command");
    let args: Vec<&str> = command.split_whitespace().collect();
    let out = common::retort(&root, &args);
    assert_eq!(out.status.code(), Some(1));
    let printed = String::from_utf8(out.stdout).unwrap();
    let shown = block[1..].join("\n") + "\n";
    assert_eq!(
        shown, printed,
        "docs/model-check.md shows other output than `retort {command}`"
    );
}
