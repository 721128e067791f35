import MitsuCore

/// stdin for an exec request (`ssh host 'cat > /tmp/x' < file`): bash would hand the client's bytes to
/// whichever command reads them. The fake host reads them up front: it waits briefly for a first chunk
/// (clients that send nothing often never send EOF either), then until EOF or a quiet second, capped.
enum StdinCollector {
    static let cap = 8 << 20

    static func collect(_ input: AsyncStream<ShellInput>, firstWaitMs: Int = 150, idleMs: Int = 1_000) async -> [UInt8] {
        let box = Box()
        // The reader and the clock race: a client that closes stdin (the usual exec) ends the wait at once
        // instead of at the clock's next 10 ms tick; the clock ends it for clients that never send EOF.
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in input {
                    guard case .bytes(let b) = item else { continue }
                    if box.append(b) >= cap { break }
                }
                box.finish()
            }
            group.addTask {
                var quiet = 0
                var lastCount = 0
                while !Task.isCancelled {
                    let (count, done) = box.state
                    if done { break }
                    if count != lastCount { lastCount = count; quiet = 0 }
                    if count == 0, quiet >= firstWaitMs { break }
                    if count > 0, quiet >= idleMs { break }
                    try? await Task.sleep(nanoseconds: 10_000_000)
                    quiet += 10
                }
            }
            await group.next()
            group.cancelAll()
        }
        return box.bytes
    }

    private final class Box: @unchecked Sendable {
        private let lock = Lock()
        private var data: [UInt8] = []
        private var done = false

        func append(_ b: [UInt8]) -> Int {
            lock.withLock {
                data += b.prefix(max(0, StdinCollector.cap - data.count))
                return data.count
            }
        }

        func finish() { lock.withLock { done = true } }
        var state: (Int, Bool) { lock.withLock { (data.count, done) } }
        var bytes: [UInt8] { lock.withLock { data } }
    }
}
