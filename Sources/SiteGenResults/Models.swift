/// The concurrency models the harness measures, by the ids results files use (the harness's `MODELS`
/// defines them; its catalogue says which this interpreter has). The one list the Swift side keeps.
package enum Models {
    /// One after the other in the main thread: the baseline every speed-up is relative to.
    public static let sequential = "sequential"
    /// Models whose workers are processes: their CPU time is the whole process tree's.
    public static let processBased: Set<String> = ["processes", "process_pool", "asyncio_process_pool"]
    /// Every model, in the order of their chart colours, so that a model has the same colour on every
    /// chart of every guide (a new model goes at the end, so that no existing one changes colour).
    public static let all = ["threads", "process_pool", "processes", "thread_pool", "asyncio", "asyncio_to_thread",
                             "interpreter_pool", "sequential", "asyncio_process_pool"]
}

extension Measurement {
    /// Whether this is a sequential cell, the baseline of its workload variant.
    public var isBaseline: Bool { model == Models.sequential }
}
