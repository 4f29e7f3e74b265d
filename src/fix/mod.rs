//! Fixes that write files: the merge revision writer.
