"""Pure processing stages: records in, records out; no I/O."""
