//! Decides which fields need a `Box`: a message that contains itself through
//! a chain of single (non-list, non-map) fields would have infinite size.
//!
//! A single field of message `A` whose type is message `B` needs a box exactly
//! when `B` reaches back to `A`, that is when both are in the same strongly
//! connected component of the "contains through a single field" graph. The
//! components come from one pass of Tarjan's algorithm (iterative, so a long
//! chain of messages cannot overflow the stack), which keeps this linear in
//! the number of messages and fields.

use std::collections::HashMap;

use crate::model::{Shape, TypeModule, TypeRef};

/// Marks every single-valued field (and oneof member) whose type can reach back to its own message.
pub fn box_recursive_fields(modules: &mut [TypeModule]) {
    let numbers: HashMap<String, usize> = modules
        .iter()
        .flat_map(|module| &module.messages)
        .enumerate()
        .map(|(number, message)| (message.path.spec_name.clone(), number))
        .collect();
    let target = |ty: &TypeRef| match ty {
        TypeRef::Message(path) => numbers.get(path.spec_name.as_str()).copied(),
        _ => None,
    };
    let edges: Vec<Vec<usize>> = modules
        .iter()
        .flat_map(|module| &module.messages)
        .map(|message| {
            let fields = message
                .fields
                .iter()
                .filter(|field| matches!(field.shape, Shape::Single { .. }))
                .filter_map(|field| target(&field.ty));
            let members = message
                .oneofs
                .iter()
                .flat_map(|oneof| &oneof.variants)
                .filter_map(|variant| target(&variant.ty));
            fields.chain(members).collect()
        })
        .collect();
    let component = components(&edges);
    let same_component = |owner: usize, ty: &TypeRef| {
        target(ty).is_some_and(|target| component[target] == component[owner])
    };
    let messages = modules.iter_mut().flat_map(|module| &mut module.messages);
    for (owner, message) in messages.enumerate() {
        for field in &mut message.fields {
            field.boxed =
                matches!(field.shape, Shape::Single { .. }) && same_component(owner, &field.ty);
        }
        for variant in message
            .oneofs
            .iter_mut()
            .flat_map(|oneof| &mut oneof.variants)
        {
            variant.boxed = same_component(owner, &variant.ty);
        }
    }
}

/// The strongly connected component of every node of a graph given as
/// adjacency lists (Tarjan's algorithm with an explicit call stack).
fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let mut walk = Walk {
        order: vec![UNSEEN; edges.len()],
        low: vec![0; edges.len()],
        on_stack: vec![false; edges.len()],
        stack: Vec::new(),
        calls: Vec::new(),
        next_order: 0,
    };
    let mut component = vec![UNSEEN; edges.len()];
    let mut next_component = 0;
    for root in 0..edges.len() {
        if walk.order[root] != UNSEEN {
            continue;
        }
        walk.enter(root);
        while let Some((node, edge)) = walk.calls.last_mut() {
            let node = *node;
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if walk.order[next] == UNSEEN {
                    walk.enter(next);
                } else if walk.on_stack[next] {
                    walk.low[node] = walk.low[node].min(walk.order[next]);
                }
                continue;
            }
            walk.calls.pop();
            if let Some(&(parent, _)) = walk.calls.last() {
                walk.low[parent] = walk.low[parent].min(walk.low[node]);
            }
            if walk.low[node] == walk.order[node] {
                while let Some(member) = walk.stack.pop() {
                    walk.on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

const UNSEEN: usize = usize::MAX;

/// The state of the depth-first walk: discovery order, lowest reachable
/// order, the stack of open nodes, and the calls in progress (node, next edge).
struct Walk {
    order: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    calls: Vec<(usize, usize)>,
    next_order: usize,
}

impl Walk {
    fn enter(&mut self, node: usize) {
        self.order[node] = self.next_order;
        self.low[node] = self.next_order;
        self.next_order += 1;
        self.stack.push(node);
        self.on_stack[node] = true;
        self.calls.push((node, 0));
    }
}

#[cfg(test)]
mod tests {
    use super::components;

    #[test]
    fn finds_cycles_and_leaves_chains_apart() {
        // 0 → 1 → 2 → 0 is a cycle; 3 → 0 and 4 → 4 (itself) are not in it.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let component = components(&edges);
        assert_eq!(component[0], component[1]);
        assert_eq!(component[1], component[2]);
        assert_ne!(component[3], component[0]);
        assert_ne!(component[4], component[0]);
        assert_ne!(component[4], component[3]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let count = 200_000;
        let edges: Vec<Vec<usize>> = (0..count).map(|n| vec![(n + 1) % count]).collect();
        let component = components(&edges);
        assert!(component.iter().all(|&c| c == component[0]));
    }
}
