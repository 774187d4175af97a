//! BTF: the BPF type format (placeholder until the parser lands).
