//! The checker's rooms point one way: a check of the imports between the files of `checker/src`.
//!
//! The rooms, from the top: `main.rs` (the command line) → `learn/` (what a learner drives) →
//! `grade/` → `report/` (with `report.rs`) → `run/` → `harness/` → `timeline/`, with
//! `embedded.rs` at the bottom for all and `lib.rs` outside (it only declares the rooms). A
//! file may import the files of its own room and of the rooms below it; two files may not
//! import each other. A file's use of its own parent modules (`super::x` in `report/junit.rs`
//! naming `report.rs`) does not count: that is how Rust shares within a room.
//!
//! An import is a `use` of `crate::`, `super::` or (in `main.rs`) `checker::`, or such a
//! path inline in code; comments, doc links and string literals are left out, so a doc link
//! that names a room above is no import. The test reads the sources only, so it is fast.
//!
//! There is no list of exceptions: every import goes down or stays in its room, and a new
//! one that does not fails the check with the words of the violation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The rooms from the top down; a file's room is the first part of its path.
const ROOMS: [&str; 8] = [
    "main", "learn", "grade", "report", "run", "harness", "timeline", "embedded",
];

#[test]
fn the_rooms_import_only_the_rooms_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = modules(&src);
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, file) in &files {
        let code = code_of(&std::fs::read_to_string(src.join(file)).unwrap());
        for target in references(module, file, &code, &files) {
            imports.entry(file.clone()).or_default().insert(target);
        }
    }
    let found: Vec<String> = violations(&imports).into_iter().collect();
    assert!(
        found.is_empty(),
        "imports against the rooms' direction (move the type or function to the room of its \
         lowest user, or below; see checker/DESIGN.md):\n{}",
        lines(&found.iter().collect::<Vec<_>>())
    );
}

/// The check reads what it should: a `use` tree, an inline path, `super` from a `mod.rs`,
/// an inline module, and the text it must leave out.
#[test]
fn the_check_finds_imports_in_code_only() {
    let files: BTreeMap<Vec<String>, String> = [
        (&["a"][..], "a/mod.rs"),
        (&["a", "x"], "a/x.rs"),
        (&["a", "y"], "a/y.rs"),
        (&["b"], "b.rs"),
        (&["b", "z"], "b/z.rs"),
    ]
    .into_iter()
    .map(|(module, file)| {
        (
            module.iter().map(|m| m.to_string()).collect(),
            file.to_owned(),
        )
    })
    .collect();
    let code = code_of(
        "//! [`crate::b`] in a doc link\n\
         use super::{y::{self, Item}, Other};\n\
         use crate::b::z as zed;\n\
         fn f() { let s = \"crate::b\"; let c = '}'; crate::b::call::<'static>(); }\n\
         mod tests { use super::*; }\n",
    );
    let found = references(&module(&["a", "x"]), "a/x.rs", &code, &files);
    assert_eq!(
        found,
        BTreeSet::from(["a/y.rs".to_owned(), "b.rs".to_owned(), "b/z.rs".to_owned()])
    );
    // From a `mod.rs`, `super` is the module above the folder's: here the crate's root.
    let found = references(
        &module(&["a"]),
        "a/mod.rs",
        &code_of("use super::b;"),
        &files,
    );
    assert_eq!(found, BTreeSet::from(["b.rs".to_owned()]));
    // A name brought in by `use` starts a path too; so does a module the file declares.
    let aliased = code_of("use crate::b; fn h() { b::z::f(); }");
    let found = references(&module(&["a", "x"]), "a/x.rs", &aliased, &files);
    assert_eq!(
        found,
        BTreeSet::from(["b.rs".to_owned(), "b/z.rs".to_owned()])
    );
    let child = code_of("fn h() { z::f(); }");
    let found = references(&module(&["b"]), "b.rs", &child, &files);
    assert_eq!(found, BTreeSet::from(["b/z.rs".to_owned()]));
    let comment_only = code_of("// use crate::b;\n/* crate::b::z */ fn g() {}");
    assert!(references(&module(&["a", "x"]), "a/x.rs", &comment_only, &files).is_empty());
}

/// The check words what it finds: an import of a room above, two files that import each
/// other, and a file in no room; an import down or within a room is none.
#[test]
fn the_check_finds_arrows_up_circles_and_strays() {
    let imports = |pairs: &[(&str, &str)]| {
        let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in pairs {
            imports
                .entry(from.to_string())
                .or_default()
                .insert(to.to_string());
        }
        imports
    };
    let fine = imports(&[
        ("main.rs", "learn/watch/mod.rs"),
        ("grade/one.rs", "report.rs"),
        ("report/junit.rs", "timeline/svg.rs"),
        ("grade/one.rs", "grade/workspace.rs"),
    ]);
    assert!(violations(&fine).is_empty(), "{:?}", violations(&fine));
    let wrong = imports(&[
        ("report.rs", "grade/one.rs"),
        ("run/build.rs", "run/hints.rs"),
        ("run/hints.rs", "run/build.rs"),
        ("attic/old.rs", "embedded.rs"),
    ]);
    assert_eq!(
        violations(&wrong),
        BTreeSet::from([
            "arrow up: report.rs -> grade/one.rs".to_owned(),
            "circle: run/build.rs <-> run/hints.rs".to_owned(),
            "outside the rooms: attic/old.rs (add its room to ROOMS, in its place)".to_owned(),
        ])
    );
}

fn module(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|part| part.to_string()).collect()
}

fn lines(violations: &[&String]) -> String {
    if violations.is_empty() {
        return "  (none)".to_owned();
    }
    violations
        .iter()
        .map(|line| format!("  {line:?},"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `.rs` file below `src`, by its module path (`report/junit.rs`: `report::junit`),
/// with its path from `src`. `main.rs` is the binary's root, outside the library's tree.
fn modules(src: &Path) -> BTreeMap<Vec<String>, String> {
    let mut found = BTreeMap::new();
    let mut folders = vec![PathBuf::new()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(src.join(&folder)).unwrap() {
            let entry = entry.unwrap();
            let relative = folder.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                folders.push(relative);
                continue;
            }
            let name = relative.to_string_lossy().replace('\\', "/");
            let Some(stem) = name.strip_suffix(".rs") else {
                continue;
            };
            let mut module: Vec<String> = stem.split('/').map(str::to_owned).collect();
            match module.last().map(String::as_str) {
                Some("mod") => {
                    module.pop();
                }
                Some("lib") if module.len() == 1 => module.clear(),
                Some("main") if module.len() == 1 => module = vec!["<main>".to_owned()],
                _ => {}
            }
            found.insert(module, name);
        }
    }
    found
}

/// The source without its comments, string and character literals (each left as an empty
/// literal), so that neither a doc link nor a generated program's text reads as an import.
fn code_of(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            // Block comments nest in Rust.
            let mut depth = 0;
            while i < chars.len() {
                if chars[i..].starts_with(&['/', '*']) {
                    depth += 1;
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            code.push(' ');
        } else if let Some(end) = raw_string_end(&chars, i) {
            code.push_str("\"\"");
            i = end;
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push_str("\"\"");
        } else if chars[i] == '\'' && is_char_literal(&chars, i) {
            i += 1;
            while chars[i] != '\'' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push_str("' '");
        } else {
            code.push(chars[i]);
            i += 1;
        }
    }
    code
}

/// Where a raw string (`r"…"`, `r#"…"#`, `br"…"`) that starts at `i` ends, if one does.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let before_is_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let mut j = i;
    if chars.get(j) == Some(&'b') {
        j += 1;
    }
    if before_is_ident || chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    let closing: Vec<char> = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    while j < chars.len() {
        if chars[j..].starts_with(&closing) {
            return Some(j + closing.len());
        }
        j += 1;
    }
    Some(chars.len())
}

/// Whether the `'` at `i` opens a character literal (`'x'`, `'\n'`, `'}'`) rather than a
/// lifetime or a label (`'static`, `'a:`).
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}

/// The files of the crate that `code` (the code of `file`, module `module`) refers to, but
/// itself and its parent modules.
fn references(
    module: &[String],
    file: &str,
    code: &str,
    files: &BTreeMap<Vec<String>, String>,
) -> BTreeSet<String> {
    let tokens = tokenize(code);
    // The module each token is in: the file's, and the inline modules (`mod tests { … }`)
    // opened around it, which `super` climbs out of first.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    // The paths that `use` names, and the names it brings in (`use crate::report;` makes
    // `report::class::table` a path into `report/class.rs`), from the crate's root.
    let mut used: Vec<Vec<String>> = Vec::new();
    let mut names: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut inline_paths: Vec<(Vec<String>, usize)> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "{" => {
                depth += 1;
                if i >= 2 && tokens[i - 2] == "mod" {
                    inline.push((tokens[i - 1].clone(), depth));
                }
            }
            "}" => {
                if inline.last().is_some_and(|(_, at)| *at == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            "use" => {
                let end = tokens[i..]
                    .iter()
                    .position(|token| token == ";")
                    .map_or(tokens.len(), |at| i + at);
                let mut expanded = Vec::new();
                use_tree(&tokens[i + 1..end], &mut Vec::new(), &mut expanded);
                for (path, name) in expanded {
                    if let Some(absolute) = resolve(module, inline.len(), &path, file, files) {
                        if let Some(name) = name {
                            names.insert(name, absolute.clone());
                        }
                        used.push(absolute);
                    }
                }
                i = end;
            }
            token
                if is_ident(token)
                    && tokens.get(i + 1).is_some_and(|next| next == "::")
                    && (i == 0 || tokens[i - 1] != "::") =>
            {
                let mut path = vec![tokens[i].clone()];
                let mut j = i + 1;
                while tokens.get(j).is_some_and(|token| token == "::")
                    && tokens.get(j + 1).is_some_and(|token| is_ident(token))
                {
                    path.push(tokens[j + 1].clone());
                    j += 2;
                }
                inline_paths.push((path, inline.len()));
                i = j - 1;
            }
            _ => {}
        }
        i += 1;
    }
    let mut absolutes = used;
    for (path, inline_depth) in inline_paths {
        if let Some(absolute) = resolve(module, inline_depth, &path, file, files) {
            absolutes.push(absolute);
        } else if let Some(base) = names.get(&path[0]) {
            absolutes.push(base.iter().chain(&path[1..]).cloned().collect());
        }
    }
    let mut found = BTreeSet::new();
    for absolute in absolutes {
        // The longest prefix of the path that is a file of the crate is the file it names.
        let target = (0..=absolute.len())
            .rev()
            .find_map(|len| files.get(&absolute[..len]).map(|target| (len, target)));
        let Some((len, target)) = target else {
            continue;
        };
        let own_or_parent = len <= module.len() && module[..len] == absolute[..len];
        if target != file && !own_or_parent && target != "lib.rs" {
            found.insert(target.clone());
        }
    }
    found
}

/// The module path from the crate's root that `path` names from `module`, or `None` when it
/// names no module of the crate by itself (an external crate, a name brought in by `use`).
fn resolve(
    module: &[String],
    inline_depth: usize,
    path: &[String],
    file: &str,
    files: &BTreeMap<Vec<String>, String>,
) -> Option<Vec<String>> {
    let first = path.first()?.as_str();
    let own = || module.iter().chain(path).cloned().collect::<Vec<_>>();
    match first {
        "crate" => Some(path[1..].to_vec()),
        "checker" if file == "main.rs" => Some(path[1..].to_vec()),
        "self" if inline_depth == 0 => Some(module.iter().chain(&path[1..]).cloned().collect()),
        "super" => {
            // `super` in an inline module climbs out of it first; then each names the module
            // above: `report` from `report/junit.rs`, the root from `grade/mod.rs` (whose
            // module is its folder's).
            let supers = path.iter().take_while(|part| *part == "super").count();
            let out_of_file = supers.saturating_sub(inline_depth);
            if out_of_file == 0 {
                return None;
            }
            let keep = module.len().checked_sub(out_of_file)?;
            let mut absolute = module[..keep].to_vec();
            absolute.extend_from_slice(&path[supers..]);
            Some(absolute)
        }
        // A path may start at a module the file declares (`keys::spawn_reader` in
        // `learn/watch/mod.rs`).
        _ if inline_depth == 0 && files.contains_key(&own()[..=module.len()]) => Some(own()),
        _ => None,
    }
}

/// Expands a `use` tree (its tokens, after `use`) into its paths, each with the name it
/// brings in (its last part, or its `as` name; none for a glob or `as _`).
fn use_tree(
    tokens: &[String],
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) {
    let start = prefix.len();
    let mut name = None;
    let mut i = usize::from(tokens.first().is_some_and(|token| token == "::"));
    while i < tokens.len() {
        match tokens[i].as_str() {
            "{" => {
                let close = matching(tokens, i);
                for item in split_commas(&tokens[i + 1..close]) {
                    use_tree(item, prefix, out);
                }
                prefix.truncate(start);
                return;
            }
            "as" => {
                name = tokens.get(i + 1).filter(|alias| *alias != "_").cloned();
                out.push((prefix.clone(), name));
                prefix.truncate(start);
                return;
            }
            // A glob brings in no name of its own.
            "*" => {
                name = None;
                break;
            }
            "::" => {}
            // `self` in a group names the path so far, and brings in its last part.
            "self" if !prefix.is_empty() => {}
            token => prefix.push(token.to_owned()),
        }
        name = prefix.last().cloned();
        i += 1;
    }
    out.push((prefix.clone(), name));
    prefix.truncate(start);
}

/// The index of the `}` that closes the `{` at `open`.
fn matching(tokens: &[String], open: usize) -> usize {
    let mut depth = 0;
    for (i, token) in tokens.iter().enumerate().skip(open) {
        match token.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// The items of a `use` group, split at its top-level commas.
fn split_commas(tokens: &[String]) -> Vec<&[String]> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token.as_str() {
            "{" => depth += 1,
            "}" => depth -= 1,
            "," if depth == 0 => {
                items.push(&tokens[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&tokens[start..]);
    items.retain(|item| !item.is_empty());
    items
}

fn is_ident(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The code's identifiers, `::`, braces, `;` and `,`, and every other character alone.
fn tokenize(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            tokens.push("::".to_owned());
            i += 2;
        } else {
            tokens.push(c.to_string());
            i += 1;
        }
    }
    tokens
}

/// The violations in `imports` (each file's imported files): arrows up, and pairs of files
/// that import each other.
fn violations(imports: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (file, targets) in imports {
        if rank(file).is_none() && file != "lib.rs" {
            found.insert(format!(
                "outside the rooms: {file} (add its room to ROOMS, in its place)"
            ));
        }
        for target in targets {
            if let (Some(from), Some(to)) = (rank(file), rank(target))
                && to < from
            {
                found.insert(format!("arrow up: {file} -> {target}"));
            }
            if file < target && imports.get(target).is_some_and(|back| back.contains(file)) {
                found.insert(format!("circle: {file} <-> {target}"));
            }
        }
    }
    found
}

/// A file's room's place from the top, or `None` for `lib.rs`, which stands outside.
fn rank(file: &str) -> Option<usize> {
    let room = file
        .split('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".rs");
    ROOMS.iter().position(|r| *r == room)
}
