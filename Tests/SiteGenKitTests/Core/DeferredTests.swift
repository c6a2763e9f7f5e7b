import Foundation
import Testing
@testable import SiteGenCore

@Suite("Work deferred to another thread")
struct DeferredTests {
    @Test func theValueIsAwaitedWhereItIsNeeded() {
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let deferred = Deferred { () -> String in
            started.signal()
            release.wait()
            return "encoded"
        }
        started.wait()  // the work runs without being asked for
        release.signal()
        #expect(deferred.value == "encoded")
        #expect(deferred.value == "encoded")
        #expect(Deferred(ready: 7).value == 7)
    }

    @Test func workNotStartedIsDoneOnFirstUseOnly() {
        let runs = DirectiveMemoTests.Counter()
        let deferred = Deferred(startsNow: false) { () -> Int in
            runs.increment()
            return 3
        }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(runs.value == 0)
        #expect(deferred.value == 3)
        #expect(deferred.value == 3)
        #expect(runs.value == 1)
    }
}
