import Testing

/// All queue suites run one test at a time: several start worker pools with many threads and a second
/// process, and the timing checks (generous as they are) should not compete with a 10,000-job run.
@Suite(.serialized)
enum JobQueueSuite {}
