//! Rules that look at the revision graph as a whole.
