import MitsuCore

/// A session's input, shared by the shell and any program that reads its stdin (`cat > f`, `read`):
/// an interactive session's keystrokes (the line editor's leftovers pushed back) or a stdin script's
/// bytes (`ssh -T host < script`). Whatever follows a command line goes first to that command, and what
/// it leaves to the shell — as bash reads.
final class TerminalInput {
    private var iterator: AsyncStream<ShellInput>.Iterator
    private var pending: [UInt8] = []
    /// The last keystroke consumed was a CR: a LF arriving next is the rest of a CR LF Enter.
    var swallowLF = false
    /// The newest window width the client reported, for the session to pick up.
    private(set) var columns: Int?

    init(_ input: AsyncStream<ShellInput>) { iterator = input.makeAsyncIterator() }

    /// What was pushed back, else the next bytes from the client; nil once the client is gone.
    func next() async -> [UInt8]? {
        while true {
            var chunk: [UInt8]
            if !pending.isEmpty {
                chunk = pending
                pending = []
            } else {
                guard let item = await iterator.next() else { return nil }
                switch item {
                case .resize(let c, _):
                    columns = c
                    continue
                case .bytes(let b): chunk = b
                }
            }
            if swallowLF, let first = chunk.first {
                swallowLF = false
                if first == 0x0A { chunk.removeFirst() }
            }
            if !chunk.isEmpty { return chunk }
        }
    }

    func unread<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if !bytes.isEmpty { pending = Array(bytes) + pending }
    }

    /// Reads a program's input in canonical mode, echoing through `echo`; the bytes after its end stay queued.
    /// `raw` (a stdin script, no terminal): the bytes as sent, to the end of the stream or of one line.
    func read(_ mode: CookedInput.Mode, raw: Bool = false, echo: ([UInt8]) -> Void) async -> (data: [UInt8], interrupted: Bool) {
        if raw { return (await readRaw(mode), false) }
        var cooked = CookedInput(mode: mode)
        while let chunk = await next() {
            let (shown, consumed, outcome) = cooked.feed(chunk[...])
            echo(shown)
            unread(chunk[consumed...])
            swallowLF = cooked.endedWithCR && consumed == chunk.count
            switch outcome {
            case .more: continue
            case .finished: return (cooked.data, false)
            case .interrupted: return (cooked.data, true)
            }
        }
        cooked.finish()
        return (cooked.data, false)
    }

    private func readRaw(_ mode: CookedInput.Mode) async -> [UInt8] {
        var data: [UInt8] = []
        while let chunk = await next() {
            if mode == .oneLine, let nl = chunk.firstIndex(of: 0x0A) {
                data += chunk[...nl]
                unread(chunk[(nl + 1)...])
                return data
            }
            data += chunk.prefix(max(0, CookedInput.maxData - data.count))
            if data.count >= CookedInput.maxData { return data }
        }
        return data
    }
}
