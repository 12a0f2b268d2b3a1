//! The layers as the sources show them: which module of `src` names which. The rules must be
//! readable from the bottom up, so the graph of `use` and path references between the files of
//! `src` has no cycle: a module that names another never ends up named by it. Tests and doc
//! comments do not count, and neither does a folder's `mod.rs` naming its own rooms (it declares
//! them and is their front door: `domain::import` lists its kinds, which share its pieces). Every
//! other reference counts, a room's `super::X` included.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module as a path of names: `["domain", "register"]` for `src/domain/register.rs`.
type Module = Vec<String>;

/// Every module of `src` with its source, the tests and comments left out.
fn modules() -> BTreeMap<Module, String> {
    fn walk(folder: &Path, root: &Path, found: &mut BTreeMap<Module, String>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, found);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap().with_extension("");
            let mut module: Module = relative
                .iter()
                .map(|part| part.to_string_lossy().into_owned())
                .collect();
            if matches!(
                module.last().map(String::as_str),
                Some("mod" | "lib" | "main")
            ) {
                module.pop();
            }
            let source = std::fs::read_to_string(&path).unwrap();
            let source = match source.find("#[cfg(test)]\nmod tests") {
                Some(tests) => &source[..tests],
                None => &source[..],
            };
            let code: Vec<&str> = source
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect();
            found.insert(module, code.join("\n"));
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeMap::new();
    walk(&root, &root, &mut found);
    found
}

/// The path segments written after `at` in `source` (`a::b::{c, d::e}` gives `[a, b, c]` and
/// `[a, b, d]`): enough to find the module each one names.
fn paths_at(source: &str, at: usize) -> Vec<Vec<String>> {
    let rest = &source[at..];
    let mut segments = Vec::new();
    let mut chars = rest.char_indices().peekable();
    let mut word = String::new();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            segments.push(std::mem::take(&mut word));
        }
        if rest[i..].starts_with("::{") {
            // One path per item of the group, each item's first segment.
            let group = &rest[i + 3..];
            let mut depth = 0;
            let mut items = vec![String::new()];
            for g in group.chars() {
                match g {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(String::new()),
                    _ => {
                        if depth == 0
                            && let Some(last) = items.last_mut()
                        {
                            last.push(g);
                        }
                    }
                }
            }
            return items
                .iter()
                .filter_map(|item| {
                    let first = item.trim().split("::").next()?.split_whitespace().next()?;
                    let mut path = segments.clone();
                    if first != "self" {
                        path.push(
                            first
                                .trim_matches(|c: char| !c.is_alphanumeric() && c != '_')
                                .to_string(),
                        );
                    }
                    Some(path)
                })
                .collect();
        }
        if rest[i..].starts_with("::") {
            chars.next();
            continue;
        }
        break;
    }
    if !word.is_empty() {
        segments.push(word);
    }
    vec![segments]
}

/// The modules each module names.
fn graph(modules: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let resolve = |path: &[String]| {
        (0..=path.len())
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|prefix| modules.contains_key(prefix))
    };
    let mut edges = BTreeMap::new();
    for (module, source) in modules {
        let mut named = BTreeSet::new();
        let is_boundary = |at: usize| {
            at == 0 || {
                let before = source[..at].chars().next_back().unwrap_or(' ');
                !(before.is_alphanumeric() || before == '_' || before == ':')
            }
        };
        for (at, _) in source.match_indices("crate::") {
            if is_boundary(at) {
                for path in paths_at(source, at + "crate::".len()) {
                    named.extend(resolve(&path));
                }
            }
        }
        for (at, _) in source.match_indices("super::") {
            if !is_boundary(at) {
                continue;
            }
            for path in paths_at(source, at) {
                let mut base = module.clone();
                let mut path = path.as_slice();
                while path.first().is_some_and(|s| s == "super") {
                    base.pop();
                    path = &path[1..];
                }
                base.extend(path.iter().cloned());
                named.extend(resolve(&base));
            }
        }
        // A path that starts at a child module (`use clock::Time;` in `cmd/mod.rs`).
        for line in source.lines() {
            let line = line.trim_start();
            let Some(used) = line
                .strip_prefix("pub use ")
                .or_else(|| line.strip_prefix("use "))
            else {
                continue;
            };
            let mut child = module.clone();
            child.push(used.split("::").next().unwrap_or("").to_string());
            if modules.contains_key(&child) {
                for path in paths_at(used, 0) {
                    let mut full = module.clone();
                    full.extend(path);
                    named.extend(resolve(&full));
                }
            }
        }
        named.remove(module);
        named.retain(|other| !other.starts_with(module));
        edges.insert(module.clone(), named);
    }
    edges
}

/// A cycle through `start`, if there is one: the modules on it, in order.
fn cycle_through(
    start: &Module,
    edges: &BTreeMap<Module, BTreeSet<Module>>,
) -> Option<Vec<Module>> {
    let mut stack = vec![(start.clone(), vec![start.clone()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in edges.get(&at).into_iter().flatten() {
            if next == start {
                return Some(path);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

fn shown(module: &Module) -> String {
    if module.is_empty() {
        "lib".to_string()
    } else {
        module.join("/")
    }
}

#[test]
fn the_modules_of_src_name_one_another_without_a_cycle() {
    let modules = modules();
    let edges = graph(&modules);
    // The scan reads what it should: the layers are there and name one another downwards.
    let module = |path: &str| path.split('/').map(String::from).collect::<Module>();
    assert!(
        modules.len() > 60,
        "the scan found {} modules",
        modules.len()
    );
    for (from, to) in [
        ("cmd/visit", "domain/reception"),
        ("cmd/visit", "db/register"),
        ("domain/reception", "domain/rotation"),
        ("messages", "lang"),
        ("domain/import/visits", "domain/import"),
    ] {
        assert!(
            edges[&module(from)].contains(&module(to)),
            "{from} names {to}: {:?}",
            edges[&module(from)]
        );
    }
    let cycles: Vec<String> = modules
        .keys()
        .filter_map(|start| cycle_through(start, &edges))
        .map(|cycle| cycle.iter().map(shown).collect::<Vec<_>>().join(" → "))
        .collect();
    assert!(
        cycles.is_empty(),
        "modules that name one another in a cycle (move what they share into a module below \
         them):\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_scan_finds_a_cycle_when_there_is_one() {
    let mut modules = BTreeMap::new();
    let module = |path: &str| path.split('/').map(String::from).collect::<Module>();
    modules.insert(
        module("a"),
        "use crate::b::{Thing, other::More};\n".to_string(),
    );
    modules.insert(
        module("b"),
        "pub struct Thing;\nfn f() { super::a::g() }".to_string(),
    );
    modules.insert(module("b/other"), String::new());
    modules.insert(module("c"), "use crate::a;".to_string());
    // A folder's front door naming its own room, which uses what the folder shares.
    modules.insert(
        module("p"),
        "pub use kid::Room;\npub struct Shared;".to_string(),
    );
    modules.insert(module("p/kid"), "use super::Shared;".to_string());
    let edges = graph(&modules);
    assert!(edges[&module("p")].is_empty());
    assert_eq!(edges[&module("p/kid")], BTreeSet::from([module("p")]));
    assert!(cycle_through(&module("p/kid"), &edges).is_none());
    assert_eq!(
        edges[&module("a")],
        BTreeSet::from([module("b"), module("b/other")])
    );
    assert!(cycle_through(&module("a"), &edges).is_some());
    assert!(cycle_through(&module("c"), &edges).is_none());
}
