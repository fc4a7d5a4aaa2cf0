// Tests are added below.
