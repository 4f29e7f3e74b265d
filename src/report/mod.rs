//! Emitters: one per output format. Only this module and the binary print.
