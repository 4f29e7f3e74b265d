-- A new, empty database: nothing to stamp.

