//! Rules that look at one revision file at a time.
